/**
 * The one form of a tool call's id, whichever door starts the call: `call_` and a time that sorts,
 * a counter, and a tag of the process (or window) that made it. It reaches no Node module, so the
 * renderer makes its ids with it too (through `main/rpc/call-id.ts`).
 */
let sequence = 0;
/** Tells this process's ids from another's that counted to the same number in the same millisecond. */
const processTag = globalThis.crypto.randomUUID().slice(0, 8);

/** What a new call id a caller chooses must look like (the contract checks it). */
export const CALL_ID_PATTERN = /^call_[a-z0-9]{13}[a-f0-9]{8}$/;

/**
 * A call id that sorts by time: history's unique index then grows at its end, where a random id
 * would cost every insert a walk to a random page (twice the time, measured).
 */
export function newCallId(): string {
  sequence = (sequence + 1) % 36 ** 4;
  return `call_${Date.now().toString(36).padStart(9, '0')}${sequence.toString(36).padStart(4, '0')}${processTag}`;
}
