import { afterEach, describe, expect, it, vi } from 'vitest';
import { CALL_ID_PATTERN, newCallId } from '../../main/mcp/call-id.ts';
import { nowIso } from '../../main/store/ids.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('nowIso', () => {
  it('follows the clock from one millisecond to the next, though it formats once per millisecond', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-24T10:00:00.000Z'));
    expect(nowIso()).toBe('2026-11-24T10:00:00.000Z');
    expect(nowIso()).toBe('2026-11-24T10:00:00.000Z');
    vi.setSystemTime(new Date('2026-11-24T10:00:00.001Z'));
    expect(nowIso()).toBe('2026-11-24T10:00:00.001Z');
    vi.setSystemTime(new Date('2026-11-24T09:59:59.999Z'));
    expect(nowIso()).toBe('2026-11-24T09:59:59.999Z');
  });
});

describe('newCallId', () => {
  it('gives ids that never repeat and sort in the order they were made, many in one millisecond', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-24T10:00:00.000Z'));
    const sameMillisecond = Array.from({ length: 5000 }, () => newCallId());
    vi.setSystemTime(new Date('2026-11-24T10:00:00.002Z'));
    const later = Array.from({ length: 10 }, () => newCallId());
    const ids = [...sameMillisecond, ...later];
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(ids[0]).toMatch(/^call_[0-9a-z]{21}$/);
    expect(ids.every((id) => CALL_ID_PATTERN.test(id))).toBe(true);
  });
});
