import { findNodeAtLocation, parseTree, printParseErrorCode, visit } from 'jsonc-parser';

/**
 * The contract's rule for JSON that a person wrote (a `.mcp.json`, tool arguments typed in the
 * tester): strict JSON — no comments, no trailing commas, no property twice in one object — and
 * every refusal names its line and column. jsonc-parser (VS Code's) finds where the text breaks;
 * the engine's JSON.parse builds the value, so it is exactly what JSON.parse gives elsewhere (a
 * `"__proto__"` key stays an ordinary property). Pure: the core and the renderer share it.
 */

/** 1-based, as editors count (columns in UTF-16 code units, as the editors on this page do). */
export interface TextPosition {
  line: number;
  column: number;
}

interface JsonSyntaxError extends TextPosition {
  /** A clause without a capital or full stop, e.g. `expected "," or "}" but found the end of the file`. */
  message: string;
  offset: number;
}

/** Object keys and array indexes from the root, e.g. `['mcpServers', 'github', 'args', 0]`. */
type JsonPath = readonly (string | number)[];

type ParsedJsonText =
  | {
      ok: true;
      value: unknown;
      /** Where the value at a path starts; a path that leads nowhere gives its longest existing part's position. */
      positionOf(path: JsonPath): TextPosition;
    }
  | { ok: false; error: JsonSyntaxError };

/**
 * How deep JSON may nest where it enters the console: HTTP bodies, the CLI's `--args`, MCP tool
 * results, the text an operator types or imports. Honest tool arguments and results nest a handful
 * of levels (a result's content block and its resource are three); the recursive code that handles
 * them afterwards — jsonc-parser here (one call per level), JSON.stringify in the call history and
 * the doors, structuredClone, the redactor, schema validators, the renderer's result view — runs
 * out of stack a few thousand levels down (jsonc-parser between 5 000 and 10 000, in Node 24).
 * 100 leaves room for any real payload and stays far from that edge.
 */
export const MAX_JSON_DEPTH = 100;

export function parseJsonText(rawText: string): ParsedJsonText {
  const text = rawText.replace(/^\uFEFF/, '');
  const problem = firstProblem(text);
  if (problem) return { ok: false, error: { ...problem, ...positionAt(text, problem.offset) } };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // Only if the two parsers ever disagree: the engine's words are then the best there are.
    return { ok: false, error: { message: error instanceof Error ? error.message : String(error), offset: 0, line: 1, column: 1 } };
  }
  let tree: ReturnType<typeof parseTree>;
  return {
    ok: true,
    value,
    positionOf(path) {
      tree ??= parseTree(text);
      for (let length = path.length; length > 0; length--) {
        const node = tree && findNodeAtLocation(tree, path.slice(0, length));
        if (node) return positionAt(text, node.offset);
      }
      return positionAt(text, tree?.offset ?? 0);
    },
  };
}

/** `Line 3, column 7: expected ":" after "b" but found '2'.` */
export function describeJsonError(error: JsonSyntaxError): string {
  return `Line ${error.line}, column ${error.column}: ${error.message}.`;
}

interface Problem {
  message: string;
  offset: number;
}

class DepthExceeded extends Error {}

/** The first thing that makes the text not strict JSON, in reading order; undefined when there is none. */
function firstProblem(text: string): Problem | undefined {
  if (text.trim() === '') return { message: 'the text is empty; write a JSON value such as {}', offset: 0 };
  let problem: Problem | undefined;
  const report = (found: () => Problem) => {
    problem ??= found();
  };
  const containers: Array<{ kind: 'object' | 'array'; keys: Set<string>; lastKey: string | undefined }> = [];
  let rootEnded = false;
  const enter = (kind: 'object' | 'array', offset: number) => {
    if (containers.length >= MAX_JSON_DEPTH) {
      report(() => ({ message: `the JSON is nested deeper than ${MAX_JSON_DEPTH} levels`, offset }));
      throw new DepthExceeded();
    }
    containers.push({ kind, keys: new Set(), lastKey: undefined });
  };
  const leave = () => {
    containers.pop();
    if (containers.length === 0) rootEnded = true;
  };
  try {
    visit(
      text,
      {
        onObjectBegin: (offset) => enter('object', offset),
        onArrayBegin: (offset) => enter('array', offset),
        onObjectEnd: leave,
        onArrayEnd: leave,
        onLiteralValue: () => {
          if (containers.length === 0) rootEnded = true;
        },
        onObjectProperty: (key, offset) => {
          const container = containers.at(-1);
          if (!container) return;
          if (container.keys.has(key)) report(() => ({ message: `the property "${key}" appears twice`, offset }));
          container.keys.add(key);
          container.lastKey = key;
        },
        onError: (code, offset, length) => {
          const container = containers.at(-1);
          report(() => describeParseError(text, printParseErrorCode(code), offset, length, { rootEnded, container: container?.kind, lastKey: container?.lastKey }));
        },
      },
      { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
    );
  } catch (error) {
    if (!(error instanceof DepthExceeded)) throw error;
  }
  return problem;
}

interface ErrorContext {
  rootEnded: boolean;
  container: 'object' | 'array' | undefined;
  lastKey: string | undefined;
}

/** jsonc-parser names the error and the token it stopped at; this says it as the person needs it, at the character to fix. */
function describeParseError(text: string, code: string, offset: number, length: number, context: ErrorContext): Problem {
  const found = describeToken(text, offset, length);
  const afterComma = text.slice(0, offset).trimEnd().endsWith(',');
  switch (code) {
    case 'InvalidSymbol':
      if (context.rootEnded) return { message: `unexpected ${found} after the end of the JSON value`, offset };
      if (/\s/.test(text[offset] ?? '')) return { message: `U+${hex(text.charCodeAt(offset))} is not a space JSON allows (only space, tab and line breaks)`, offset };
      if (text[offset] === "'") return { message: 'JSON strings and property names take double quotes, not single ones', offset };
      return { message: `${found} is not JSON: names and strings take double quotes, and the only words are true, false and null`, offset };
    case 'EndOfFileExpected':
      return { message: `unexpected ${found} after the end of the JSON value`, offset };
    case 'PropertyNameExpected':
      if (afterComma && text[offset] === '}') return { message: `expected a property name after the comma but found '}' (remove the trailing comma)`, offset };
      return { message: `expected a property name in double quotes but found ${found}`, offset };
    case 'ValueExpected':
      if (afterComma && text[offset] === ']') return { message: `expected another item after the comma but found ']' (remove the trailing comma)`, offset };
      return { message: `expected a value but found ${found}`, offset };
    case 'ColonExpected':
      return { message: `expected ":" after ${context.lastKey === undefined ? 'the property name' : `"${context.lastKey}"`} but found ${found}`, offset };
    case 'CommaExpected':
      return { message: `expected "," or "${context.container === 'array' ? ']' : '}'}" but found ${found}`, offset };
    case 'CloseBraceExpected':
      return { message: `expected "," or "}" but found ${found}`, offset };
    case 'CloseBracketExpected':
      return { message: `expected "," or "]" but found ${found}`, offset };
    case 'InvalidCommentToken':
      return { message: 'JSON has no comments; remove this one', offset };
    case 'UnexpectedEndOfString':
    case 'InvalidCharacter':
    case 'InvalidEscapeCharacter':
    case 'InvalidUnicode':
      return describeStringProblem(text, offset, length);
    case 'UnexpectedEndOfNumber':
    case 'InvalidNumberFormat':
      return { message: `${found} is not a complete number`, offset };
    default:
      return { message: `this is not valid JSON (${code}) at ${found}`, offset };
  }
}

function describeToken(text: string, offset: number, length: number): string {
  if (offset >= text.length) return 'the end of the file';
  const token = text.slice(offset, offset + Math.max(length, 1));
  return `'${token.length > 16 ? `${token.slice(0, 16)}…` : token}'`;
}

const validStringStart = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*/;

/** jsonc-parser flags a string at its opening quote; the character to fix is the first one after its valid start. */
function describeStringProblem(text: string, offset: number, length: number): Problem {
  const at = offset + (validStringStart.exec(text.slice(offset, offset + length))?.[0].length ?? 0);
  const char = text[at];
  if (char === undefined) return { message: 'a string is not closed with a double quote', offset };
  if (char === '\n' || char === '\r') return { message: 'a string cannot hold a raw line break; write \\n instead', offset: at };
  if (char === '\\') return { message: 'a string holds an invalid escape (JSON knows \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\u with four hex digits)', offset: at };
  return { message: `a string cannot hold the control character U+${hex(text.charCodeAt(at))}; write it as an escape such as \\t`, offset: at };
}

function hex(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0');
}

function positionAt(text: string, offset: number): TextPosition {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}
