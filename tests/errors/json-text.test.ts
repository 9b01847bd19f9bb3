import { describe, expect, it } from 'vitest';
import { describeJsonError, MAX_JSON_DEPTH, parseJsonText } from '../../main/rpc/json-text.ts';

/** The one rule for JSON a person wrote, shared by the core (.mcp.json) and the renderer (raw JSON views). */

function refusal(text: string): string {
  const parsed = parseJsonText(text);
  if (parsed.ok) throw new Error(`accepted: ${text}`);
  return describeJsonError(parsed.error);
}

describe('strict JSON with the place of its first problem', () => {
  it.each([
    ['a comment', '{\n  // the server\n  "a": 1\n}', 'Line 2, column 3: JSON has no comments'],
    ['a block comment', '[1, /* two */ 2]', 'Line 1, column 5: JSON has no comments'],
    ['a key given twice', '{"a": 1,\n "b": {"a": 2}, "a": 3}', 'Line 2, column 17: the property "a" appears twice'],
    ['single quotes', "{'a': 1}", 'Line 1, column 2: JSON strings and property names take double quotes'],
    ['a Python literal', '{"a": True}', "Line 1, column 7: 'True' is not JSON"],
    ['a no-break space', '{"a":\u00a01}', 'Line 1, column 6: U+00A0 is not a space JSON allows'],
    ['an invalid escape after a valid one', '{"a": "C:\\\\dir\\q"}', 'Line 1, column 15: a string holds an invalid escape'],
    ['a tab inside a string', '{"a": "x\ty"}', 'Line 1, column 9: a string cannot hold the control character U+0009'],
    ['an incomplete number', '[1.]', "Line 1, column 2: '1.' is not a complete number"],
    ['a missing comma in a list', '[1\n 2]', 'Line 2, column 2: expected "," or "]"'],
  ])('refuses %s', (_case, text, expected) => {
    expect(refusal(text)).toMatch(new RegExp(`^${expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it('refuses nesting beyond its depth with a sentence instead of overflowing the stack', () => {
    const deep = '['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1);
    expect(refusal(deep)).toBe(`Line 1, column ${MAX_JSON_DEPTH + 1}: the JSON is nested deeper than ${MAX_JSON_DEPTH} levels.`);
    const deepest = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    expect(parseJsonText(deepest).ok).toBe(true);
  });

  it('gives the value JSON.parse gives, after a byte-order mark too, with "__proto__" an ordinary key', () => {
    const parsed = parseJsonText('\uFEFF{"__proto__": {"polluted": true}, "n": 1e2, "s": "\\u00e9"}');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(Object.getPrototypeOf(parsed.value)).toBe(Object.prototype);
    expect(Object.keys(parsed.value as object)).toEqual(['__proto__', 'n', 's']);
    expect(parsed.value).toEqual(JSON.parse('{"__proto__": {"polluted": true}, "n": 1e2, "s": "\\u00e9"}'));
    expect(parsed.positionOf(['s'])).toEqual({ line: 1, column: 50 });
    expect(parsed.positionOf(['nowhere', 3])).toEqual({ line: 1, column: 1 });
  });
});
