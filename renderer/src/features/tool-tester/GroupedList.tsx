import { useVirtualizer } from '@tanstack/react-virtual';
import { useId, useMemo, useRef, type KeyboardEvent, type ReactNode } from 'react';

interface GroupedListProps<T> {
  label: string;
  items: readonly T[];
  keyOf: (item: T) => string;
  /** Items arrive sorted by group; a heading row starts each group when there is more than one. */
  groupOf: (item: T) => string;
  nameOf: (item: T) => string;
  renderItem: (item: T) => ReactNode;
  selectedKey: string | undefined;
  onSelect: (item: T) => void;
}

type Row<T> = { kind: 'group'; group: string } | { kind: 'item'; item: T; key: string };

const ITEM_HEIGHT = 56;
const GROUP_HEIGHT = 30;
/** A short list is as tall as its rows; a long one scrolls inside this height. */
const MAX_HEIGHT = 520;

/**
 * A listbox with one tab stop: Arrow keys, Home and End move the selection, and only the rows in
 * view are in the DOM, so a gateway with hundreds of tools scrolls as smoothly as one with five.
 */
export function GroupedList<T>({ label, items, keyOf, groupOf, nameOf, renderItem, selectedKey, onSelect }: GroupedListProps<T>) {
  const baseId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = useMemo(() => toRows(items, keyOf, groupOf), [items, keyOf, groupOf]);
  const itemRows = useMemo(() => rows.flatMap((row, index) => (row.kind === 'item' ? [{ row, index }] : [])), [rows]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => (rows[index]?.kind === 'group' ? GROUP_HEIGHT : ITEM_HEIGHT),
    overscan: 8,
    getItemKey: (index) => {
      const row = rows[index];
      return row ? (row.kind === 'group' ? `group:${row.group}` : row.key) : index;
    },
  });
  const optionId = (key: string) => `${baseId}-${encodeURIComponent(key).replace(/%/g, '_')}`;
  const selectedPosition = itemRows.findIndex(({ row }) => row.key === selectedKey);

  function move(event: KeyboardEvent<HTMLDivElement>): void {
    if (itemRows.length === 0) return;
    const last = itemRows.length - 1;
    const targets: Record<string, number> = {
      ArrowDown: selectedPosition === -1 ? 0 : Math.min(last, selectedPosition + 1),
      ArrowUp: selectedPosition === -1 ? 0 : Math.max(0, selectedPosition - 1),
      Home: 0,
      End: last,
    };
    const target = targets[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = itemRows[target];
    if (!next) return;
    onSelect(next.row.item);
    virtualizer.scrollToIndex(next.index, { align: 'auto' });
  }

  return (
    <div
      ref={scrollRef}
      className="grouped-list"
      style={{ height: Math.min(MAX_HEIGHT, virtualizer.getTotalSize() + 2) }}
      role="listbox"
      aria-label={label}
      tabIndex={0}
      aria-activedescendant={selectedKey !== undefined && selectedPosition !== -1 ? optionId(selectedKey) : undefined}
      onKeyDown={move}
    >
      <div className="grouped-list__body" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((virtual) => {
          const row = rows[virtual.index];
          if (!row) return null;
          const style = { transform: `translateY(${virtual.start}px)` };
          if (row.kind === 'group') {
            return (
              <div key={virtual.key} ref={virtualizer.measureElement} data-index={virtual.index} className="grouped-list__group" style={style} role="presentation">
                {row.group}
              </div>
            );
          }
          const selected = row.key === selectedKey;
          return (
            <div
              key={virtual.key}
              ref={virtualizer.measureElement}
              data-index={virtual.index}
              id={optionId(row.key)}
              role="option"
              aria-selected={selected}
              aria-label={nameOf(row.item)}
              className={selected ? 'grouped-list__item grouped-list__item--selected' : 'grouped-list__item'}
              style={style}
              onClick={() => onSelect(row.item)}
            >
              {renderItem(row.item)}
            </div>
          );
        })}
      </div>
    </div>
  );
}

function toRows<T>(items: readonly T[], keyOf: (item: T) => string, groupOf: (item: T) => string): Row<T>[] {
  const groups = new Set(items.map(groupOf));
  const rows: Row<T>[] = [];
  let current: string | undefined;
  for (const item of items) {
    const group = groupOf(item);
    if (groups.size > 1 && group !== current) rows.push({ kind: 'group', group });
    current = group;
    rows.push({ kind: 'item', item, key: keyOf(item) });
  }
  return rows;
}
