import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { escapeControls } from '../../main/cli/kit.ts';

describe('escapeControls', () => {
  it('shows C0 controls, DEL and C1 controls as \\x escapes', () => {
    expect(escapeControls('\u001b]0;pwned\u0007\u001b[2J')).toBe('\\x1b]0;pwned\\x07\\x1b[2J');
    expect(escapeControls('a\u0000b\u0008c\u001fd')).toBe('a\\x00b\\x08c\\x1fd');
    expect(escapeControls('line\nbreak\ttab\rreturn')).toBe('line\\x0abreak\\x09tab\\x0dreturn');
    expect(escapeControls('del\u007f')).toBe('del\\x7f');
    expect(escapeControls('\u0080\u009b31m\u009f')).toBe('\\x80\\x9b31m\\x9f');
  });

  it('shows the bidi embeddings, overrides and isolates as \\u escapes', () => {
    expect(escapeControls('\u202a\u202b\u202c\u202d\u202e')).toBe('\\u202a\\u202b\\u202c\\u202d\\u202e');
    expect(escapeControls('invoice\u202etxt.exe\u2066\u2067\u2068\u2069')).toBe('invoice\\u202etxt.exe\\u2066\\u2067\\u2068\\u2069');
  });

  it('leaves everything else as it is: ASCII, accents, emoji, CJK, right-to-left letters, the characters next to the ranges', () => {
    const ordinary = 'Night Ops ü é ß 🚀 👩‍🚀 夜间行动 クルー 승무원 שלום مرحبا \u00a0\u00a0 \u2029 \u2065 \u206a ~ \\x1b';
    expect(escapeControls(ordinary)).toBe(ordinary);
    expect(escapeControls('')).toBe('');
  });

  it('is the same escaped twice as once', () => {
    const once = escapeControls('\u001b[2J\u009b\u202e');
    expect(escapeControls(once)).toBe(once);
  });
});

describe('the CLI commands', () => {
  const commandsDir = fileURLToPath(new URL('../../main/cli/commands', import.meta.url));
  const sources = readdirSync(commandsDir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => ({ name, text: readFileSync(join(commandsDir, name), 'utf8') }));

  it('write to stdout and stderr only through the kit, where people-facing text is escaped', () => {
    expect(sources.length).toBeGreaterThan(10);
    const writers = sources.filter((source) => /process\.(stdout|stderr)\.write|console\.(log|error|warn|info)/.test(source.text)).map((source) => source.name);
    expect(writers).toEqual([]);
  });
});
