import { useDeferredValue, useMemo, useState } from 'react';

/**
 * The search over one catalog list (tools, resources, prompts): items whose text holds the
 * search, sorted by server and then by name so each server's items stay together.
 * `textOf` and `nameOf` must be stable (module-level) functions.
 */
export function useCatalogSearch<T extends { serverName: string }>(items: readonly T[], textOf: (item: T) => string, nameOf: (item: T) => string) {
  const [search, setSearch] = useState('');
  const needle = useDeferredValue(search.trim().toLowerCase());
  const visible = useMemo(
    () =>
      items
        .filter((item) => !needle || textOf(item).toLowerCase().includes(needle))
        .sort((a, b) => a.serverName.localeCompare(b.serverName) || nameOf(a).localeCompare(nameOf(b))),
    [items, needle, textOf, nameOf],
  );
  return { search, setSearch, filtering: needle !== '', visible };
}
