import { useSyncExternalStore } from 'react';
import type { MethodInput } from '../../../../../main/rpc/contract.ts';

export type Collection = MethodInput<'mcp.collections.run'>['collection'];
type SavedCall = Collection['calls'][number];
export type Expectations = NonNullable<SavedCall['expect']>;

const EMPTY: Collection = { version: 1, name: 'My collection', calls: [] };
const listeners = new Set<() => void>();
const cache = new Map<string, { text: string | null; value: Collection }>();

const storageKey = (workspace: string) => `crewship.tester.collection.${workspace}`;

/**
 * The collection the tester is building, kept in the window's storage per workspace so that it
 * survives a reload; what leaves the window is the file the operator downloads, which the core
 * checks against its schema when it runs (in the app or `crewship mcp test`).
 */
function read(workspace: string): Collection {
  const text = localStorage.getItem(storageKey(workspace));
  const cached = cache.get(workspace);
  if (cached && cached.text === text) return cached.value;
  let value = EMPTY;
  try {
    const parsed = text === null ? null : (JSON.parse(text) as Collection);
    if (parsed && Array.isArray(parsed.calls)) value = parsed;
  } catch {
    // A damaged draft starts again empty.
  }
  cache.set(workspace, { text, value });
  return value;
}

function writeCollection(workspace: string, collection: Collection): void {
  localStorage.setItem(storageKey(workspace), JSON.stringify(collection));
  for (const listener of listeners) listener();
}

export function useCollectionDraft(workspace: string): [Collection, (next: Collection) => void] {
  const collection = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => read(workspace),
  );
  return [collection, (next) => writeCollection(workspace, next)];
}

/** The assertions in a few words, for the list of saved calls. */
export function describeExpectations(expect: Expectations | undefined): string {
  const parts: string[] = [expect?.isError ? 'is an error' : 'no error'];
  for (const text of expect?.textContains ?? []) parts.push(`contains "${text}"`);
  if (expect?.textMatches) parts.push(`matches /${expect.textMatches}/`);
  for (const [path, value] of Object.entries(expect?.jsonPath ?? {})) parts.push(`${path} = ${JSON.stringify(value)}`);
  if (expect?.structuredContentValid !== undefined) parts.push(expect.structuredContentValid ? 'structuredContent valid' : 'structuredContent invalid');
  if (expect?.durationUnderMs !== undefined) parts.push(`under ${expect.durationUnderMs} ms`);
  return parts.join(' · ');
}
