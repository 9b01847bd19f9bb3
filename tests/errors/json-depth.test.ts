import { describe, expect, it } from 'vitest';
import { AppError } from '../../main/errors/app-error.ts';
import { exceedsJsonDepth, requireJsonDepth } from '../../main/errors/json-depth.ts';
import { MAX_JSON_DEPTH } from '../../main/errors/json-text.ts';

const nested = (levels: number) => JSON.parse(`${'['.repeat(levels)}${']'.repeat(levels)}`) as unknown;

describe('the JSON depth check', () => {
  it('counts levels of objects and arrays, up to the limit and not past it', () => {
    expect(exceedsJsonDepth('text')).toBe(false);
    expect(exceedsJsonDepth({}, 1)).toBe(false);
    expect(exceedsJsonDepth({ a: [] }, 1)).toBe(true);
    expect(exceedsJsonDepth({ a: [1, { b: null }] }, 3)).toBe(false);
    expect(exceedsJsonDepth({ a: [1, { b: {} }] }, 3)).toBe(true);
    expect(exceedsJsonDepth(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(exceedsJsonDepth(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    // Wide is not deep.
    expect(exceedsJsonDepth({ rows: Array.from({ length: 10_000 }, (_, i) => ({ i, tags: ['a'] })) })).toBe(false);
  });

  it('walks a million levels without running out of stack (JSON.parse accepts them)', () => {
    const deep = nested(1_000_000);
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    expect(exceedsJsonDepth(deep)).toBe(true);
  });

  it('refuses with json_too_deep, bad input, naming what and the limit', () => {
    expect(() => requireJsonDepth({ fine: true }, 'The body')).not.toThrow();
    let refused: unknown;
    try {
      requireJsonDepth(nested(5000), '--args');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'json_too_deep', kind: 'bad_input', message: expect.stringMatching(/^--args nests deeper than 100 levels/) as unknown });
    expect((refused as AppError).hint).not.toBe('');
  });
});
