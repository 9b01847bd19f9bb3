import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../main/errors/app-error.ts';
import { errorCodes, httpStatusOfCode } from '../../main/errors/codes.ts';
import { ERRORS_DOC_PATH, renderErrorsDoc } from '../../scripts/errors-doc.ts';

const root = join(import.meta.dirname, '../..');
const kinds = ['bad_input', 'not_found', 'conflict', 'unauthorized', 'forbidden', 'failure'];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

interface CodeUse {
  code: string;
  where: string;
}

/**
 * The codes written out in the source: the first argument of `new AppError(...)`, the `code` of an
 * object shaped like an ErrorBody (code, message, hint), and the code of an error body built in SQL.
 */
function codesWrittenIn(file: string): CodeUse[] {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const uses: CodeUse[] = [];
  const at = (node: ts.Node) => `${relative(root, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'AppError') {
      const code = node.arguments?.[0];
      if (code && ts.isStringLiteralLike(code)) uses.push({ code: code.text, where: at(code) });
    }
    if (ts.isObjectLiteralExpression(node)) {
      const names = new Set(node.properties.map((property) => property.name?.getText(source)));
      for (const property of node.properties) {
        if (names.has('message') && names.has('hint') && ts.isPropertyAssignment(property) && property.name.getText(source) === 'code' && ts.isStringLiteralLike(property.initializer)) {
          uses.push({ code: property.initializer.text, where: at(property) });
        }
      }
    }
    if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      for (const match of node.text.matchAll(/json_object\('code', '([^']+)'/g)) uses.push({ code: match[1] ?? '', where: at(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return uses;
}

describe('the error-code registry', () => {
  it('names every code in snake_case, with a kind and a one-line meaning', () => {
    const problems = Object.entries(errorCodes).flatMap(([code, entry]) => [
      ...(/^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/.test(code) ? [] : [`${code}: not snake_case`]),
      ...(kinds.includes(entry.kind) ? [] : [`${code}: unknown kind ${entry.kind}`]),
      ...(entry.meaning.trim().length >= 10 && !entry.meaning.includes('\n') && /[.)]$/.test(entry.meaning) ? [] : [`${code}: no one-line meaning`]),
    ]);
    expect(problems).toEqual([]);
  });

  it('registers every code the source writes out, however it reaches an ErrorBody', () => {
    const uses = ['main', 'electron', 'preload', 'renderer/src'].flatMap(sourceFiles).flatMap(codesWrittenIn);
    // The scan finds what it is meant to find: AppErrors, error bodies and the call history's SQL.
    expect(uses.map((use) => use.code)).toEqual(expect.arrayContaining(['crew_not_found', 'mcp_connection_lost', 'ui_error', 'mcp_call_abandoned']));
    expect(uses.filter((use) => !Object.hasOwn(errorCodes, use.code))).toEqual([]);
  });

  it('gives an AppError the kind and the HTTP status the registry says', () => {
    expect(new AppError('crew_not_empty', 'Crew "Ops" still has 2 agents.', 'Delete them first.').kind).toBe('conflict');
    expect(httpStatusOfCode('crew_not_empty')).toBe(409);
    expect(httpStatusOfCode('body_too_large')).toBe(413);
    expect(httpStatusOfCode('method_not_allowed')).toBe(405);
    expect(httpStatusOfCode('internal_error')).toBe(500);
  });

  it('is what docs/errors.md says (run `npm run docs:errors` after changing the registry)', () => {
    const doc = readFileSync(ERRORS_DOC_PATH, 'utf8');
    expect(doc).toBe(renderErrorsDoc());
    for (const code of Object.keys(errorCodes)) expect(doc).toContain(`| \`${code}\` |`);
  });
});
