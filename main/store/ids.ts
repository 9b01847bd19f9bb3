import { randomUUID } from 'node:crypto';

export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
}

let isoMillisecond = Number.NaN;
let isoText = '';

/** The time now, to the millisecond; formatted once per millisecond (hot paths ask many times in one). */
export function nowIso(): string {
  const now = Date.now();
  if (now !== isoMillisecond) {
    isoMillisecond = now;
    isoText = new Date(now).toISOString();
  }
  return isoText;
}
