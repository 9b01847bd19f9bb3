/**
 * A strict JSON parser that remembers where each value starts, so that a malformed `.mcp.json`
 * can be refused with the line and column of the problem, whether it is a syntax error or a
 * value of the wrong shape.
 */
export interface TextPosition {
  line: number;
  column: number;
}

export class JsonSyntaxError extends Error {
  readonly position: TextPosition;
  constructor(message: string, position: TextPosition) {
    super(message);
    this.name = 'JsonSyntaxError';
    this.position = position;
  }
}

export interface LocatedJson {
  value: unknown;
  /** The position of the value at a path (keys joined as a JSON pointer, e.g. `/mcpServers/github/args`). */
  positionOf(path: readonly (string | number)[]): TextPosition | undefined;
}

export function parseJsonWithPositions(text: string): LocatedJson {
  const parser = new Parser(text.replace(/^\uFEFF/, ''));
  const value = parser.parseDocument();
  const positions = parser.positions;
  return {
    value,
    positionOf: (path) => {
      for (let length = path.length; length >= 0; length--) {
        const found = positions.get(pointer(path.slice(0, length)));
        if (found !== undefined) return parser.positionAt(found);
      }
      return undefined;
    },
  };
}

function pointer(path: readonly (string | number)[]): string {
  return path.map((part) => `/${String(part).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

class Parser {
  readonly positions = new Map<string, number>();
  private readonly text: string;
  private index = 0;

  constructor(text: string) {
    this.text = text;
  }

  parseDocument(): unknown {
    const value = this.parseValue([]);
    this.skipWhitespace();
    if (this.index < this.text.length) this.fail(`unexpected ${this.describeHere()} after the end of the JSON value`);
    return value;
  }

  positionAt(offset: number): TextPosition {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < offset && i < this.text.length; i++) {
      if (this.text[i] === '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return { line, column: offset - lineStart + 1 };
  }

  private parseValue(path: (string | number)[]): unknown {
    this.skipWhitespace();
    this.positions.set(pointer(path), this.index);
    const char = this.text[this.index];
    if (char === '{') return this.parseObject(path);
    if (char === '[') return this.parseArray(path);
    if (char === '"') return this.parseString();
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return this.parseNumber();
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.index)) {
        this.index += word.length;
        return value;
      }
    }
    return this.fail(`expected a value but found ${this.describeHere()}`);
  }

  private parseObject(path: (string | number)[]): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.index++;
    this.skipWhitespace();
    if (this.text[this.index] === '}') {
      this.index++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.index] !== '"') this.fail(`expected a property name in double quotes but found ${this.describeHere()}`);
      const keyStart = this.index;
      const key = this.parseString();
      if (Object.hasOwn(result, key)) {
        this.index = keyStart;
        this.fail(`the property "${key}" appears twice`);
      }
      this.skipWhitespace();
      if (this.text[this.index] !== ':') this.fail(`expected ":" after "${key}" but found ${this.describeHere()}`);
      this.index++;
      result[key] = this.parseValue([...path, key]);
      this.skipWhitespace();
      const next = this.text[this.index];
      if (next === ',') {
        this.index++;
        continue;
      }
      if (next === '}') {
        this.index++;
        return result;
      }
      this.fail(`expected "," or "}" but found ${this.describeHere()}`);
    }
  }

  private parseArray(path: (string | number)[]): unknown[] {
    const result: unknown[] = [];
    this.index++;
    this.skipWhitespace();
    if (this.text[this.index] === ']') {
      this.index++;
      return result;
    }
    for (;;) {
      result.push(this.parseValue([...path, result.length]));
      this.skipWhitespace();
      const next = this.text[this.index];
      if (next === ',') {
        this.index++;
        continue;
      }
      if (next === ']') {
        this.index++;
        return result;
      }
      this.fail(`expected "," or "]" but found ${this.describeHere()}`);
    }
  }

  private parseString(): string {
    const start = this.index;
    const match = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(this.text.slice(start, start + 1_048_576 + 2));
    if (!match) {
      const close = this.text.indexOf('"', start + 1);
      this.fail(close === -1 ? 'a string is not closed' : 'a string holds a control character or an invalid escape');
    }
    this.index += match![0].length;
    return JSON.parse(match![0]) as string;
  }

  private parseNumber(): number {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.index, this.index + 400));
    if (!match) return this.fail(`expected a number but found ${this.describeHere()}`);
    this.index += match[0].length;
    return Number(match[0]);
  }

  private skipWhitespace(): void {
    while (this.index < this.text.length && ' \t\n\r'.includes(this.text[this.index] as string)) this.index++;
  }

  private describeHere(): string {
    if (this.index >= this.text.length) return 'the end of the file';
    return JSON.stringify(this.text.slice(this.index, this.index + 12));
  }

  private fail(message: string): never {
    throw new JsonSyntaxError(message, this.positionAt(this.index));
  }
}
