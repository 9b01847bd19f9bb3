/**
 * JSON typed by a person: parsed with the engine's JSON.parse, and when that fails, located by a
 * small scanner so the message always names a line and column (engines word their errors
 * differently, and some give no position at all).
 */

export type ParsedJson = { ok: true; value: unknown } | { ok: false; error: JsonSyntaxError };

export interface JsonSyntaxError {
  message: string;
  /** 1-based, as editors count. */
  line: number;
  column: number;
  offset: number;
}

export function parseJsonText(text: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, error: locateSyntaxError(text) };
  }
}

export function formatJson(value: unknown): string {
  return JSON.stringify(value ?? {}, null, 2);
}

export function describeJsonError(error: JsonSyntaxError): string {
  return `Line ${error.line}, column ${error.column}: ${error.message}`;
}

class ScanError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
  }
}

function locateSyntaxError(text: string): JsonSyntaxError {
  let message = 'This is not valid JSON.';
  let offset = 0;
  try {
    scanDocument(text);
  } catch (caught) {
    if (caught instanceof ScanError) {
      message = caught.message;
      offset = caught.offset;
    }
  }
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { message, line, column, offset };
}

/** Walks the grammar only far enough to find where it breaks; values are not built. */
function scanDocument(text: string): void {
  let at = 0;

  const describe = (index: number) => (index >= text.length ? 'the end of the text' : `'${text[index]}'`);
  function unexpected(expected: string): never {
    throw new ScanError(`Expected ${expected} but found ${describe(at)}.`, at);
  }
  const skipSpace = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at]!)) at++;
  };

  function value(): void {
    skipSpace();
    const char = text[at];
    if (char === '{') return object();
    if (char === '[') return array();
    if (char === '"') return string();
    if (char !== undefined && /[-0-9]/.test(char)) return number();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, at)) {
        at += word.length;
        return;
      }
    }
    unexpected('a value');
  }

  function object(): void {
    at++;
    skipSpace();
    if (text[at] === '}') {
      at++;
      return;
    }
    for (;;) {
      skipSpace();
      if (text[at] !== '"') unexpected(text[at] === '}' ? 'another property after the comma (remove the trailing comma)' : 'a property name in double quotes');
      string();
      skipSpace();
      if (text[at] !== ':') unexpected("':' after the property name");
      at++;
      value();
      skipSpace();
      if (text[at] === ',') {
        at++;
        continue;
      }
      if (text[at] === '}') {
        at++;
        return;
      }
      unexpected("',' or '}'");
    }
  }

  function array(): void {
    at++;
    skipSpace();
    if (text[at] === ']') {
      at++;
      return;
    }
    for (;;) {
      skipSpace();
      if (text[at] === ']') unexpected('another item after the comma (remove the trailing comma)');
      value();
      skipSpace();
      if (text[at] === ',') {
        at++;
        continue;
      }
      if (text[at] === ']') {
        at++;
        return;
      }
      unexpected("',' or ']'");
    }
  }

  function string(): void {
    const start = at;
    at++;
    while (at < text.length) {
      const char = text[at]!;
      if (char === '"') {
        at++;
        return;
      }
      if (char === '\\') {
        const escaped = text[at + 1];
        if (escaped === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) at += 6;
        else if (escaped !== undefined && '"\\/bfnrt'.includes(escaped)) at += 2;
        else throw new ScanError('Invalid escape in a string.', at);
        continue;
      }
      if (char < ' ') throw new ScanError('A string cannot hold a raw line break or control character; write \\n instead.', at);
      at++;
    }
    throw new ScanError('This string is never closed with a double quote.', start);
  }

  function number(): void {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at));
    if (!match || match[0] === '-') unexpected('a number');
    at += match[0].length;
  }

  skipSpace();
  if (at >= text.length) throw new ScanError('The text is empty; write a JSON value such as {}.', 0);
  value();
  skipSpace();
  if (at < text.length) throw new ScanError(`Unexpected ${describe(at)} after the end of the JSON value.`, at);
}
