// `npm run docs:errors`: writes docs/errors.md from the error-code registry (main/errors/codes.ts).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { exitCodeForStatus } from '../main/cli/kit.ts';
import { errorCodes, httpStatusOfCode, isErrorCode, type ErrorCodeEntry } from '../main/errors/codes.ts';

export const ERRORS_DOC_PATH = fileURLToPath(new URL('../docs/errors.md', import.meta.url));

/** The document, from the registry alone: the same registry always gives the same text. */
export function renderErrorsDoc(): string {
  const codes = Object.keys(errorCodes).filter(isErrorCode).sort();
  const rows = codes.map((code) => {
    const entry: ErrorCodeEntry = errorCodes[code];
    const status = httpStatusOfCode(code);
    const httpColumn = entry.door ? '—' : String(status);
    const exitColumn = entry.door && entry.door !== 'cli' ? '—' : String(exitCodeForStatus(status));
    return `| \`${code}\` | ${entry.kind} | ${httpColumn} | ${exitColumn} | ${entry.meaning.replaceAll('|', '\\|')} |`;
  });
  return [
    '# Error codes',
    '',
    '<!-- Generated from main/errors/codes.ts by `npm run docs:errors`; edit the registry, not this file. -->',
    '',
    'Every failure, at every door, is the same envelope: `{ "ok": false, "error": { "code", "message", "hint" } }`.',
    'The code is stable and one of those below; the message and the hint are sentences for a person.',
    'A code’s kind decides the local host’s HTTP status and the CLI’s exit code; a dash marks a code that only',
    'one door makes itself (the CLI, the desktop app, the console window), which the host never answers with.',
    '',
    '| Code | Kind | HTTP | CLI exit | Meaning |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

if (import.meta.main) {
  writeFileSync(ERRORS_DOC_PATH, renderErrorsDoc());
  process.stdout.write(`Wrote ${ERRORS_DOC_PATH} (${Object.keys(errorCodes).length} codes).\n`);
}
