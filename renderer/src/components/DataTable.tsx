import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState, type CSSProperties, type FocusEvent, type ReactNode } from 'react';
import { QueryView, type ViewedQuery } from './QueryView.tsx';

export interface Column<Row> {
  header: string;
  /** The header is read to screen readers only (the row actions' column). */
  headerHidden?: boolean;
  /** The column's track in the grid every row shares: `minmax(160px, 2fr)`, `110px`. */
  width: string;
  /** `name` for what the row is, `muted` for facts beside it, `actions` for its buttons. */
  kind?: 'name' | 'muted' | 'actions';
  className?: string;
  cell: (row: Row) => ReactNode;
  /** Columns this cell takes; the cells it covers are left out (an inline rename takes the slug's column too). */
  span?: (row: Row) => number;
}

interface DataTableProps<Row> {
  /** The table's accessible name. */
  label: string;
  /** What the rows are, for "Loading agents…" and "Could not load agents". */
  what: string;
  columns: readonly Column<Row>[];
  rowKey: (row: Row) => string;
  query: ViewedQuery<readonly Row[]>;
  /** The rows to show when they are not the query's own (a filtered view). */
  rows?: readonly Row[];
  /** Shown instead of an empty table: an EmptyState that says what to do next. */
  empty: ReactNode;
  /** `content` grows with the page, `fill` fills its panel and scrolls inside it, `bounded` scrolls inside a short box. */
  size?: 'content' | 'fill' | 'bounded';
  /** `top` for rows several lines tall, `compact` for short single-line rows. */
  rowStyle?: 'regular' | 'top' | 'compact';
  testId?: string;
  /**
   * Told which rows are in view (first and last index, drawn or not), for a list read in windows:
   * `rows` then holds `undefined` where a window is not read yet, and those rows stay blank until it is.
   */
  onRangeChange?: (first: number, last: number) => void;
}

/** From this many rows on only those in view are in the DOM, so thousands scroll as smoothly as ten. */
const VIRTUAL_FROM = 100;
const ESTIMATED_ROW_HEIGHT = 52;
const OVERSCAN = 8;

/**
 * A list read from the core, as a table: loading, error (with its hint) and empty states, a header,
 * rows keyed by identity, and columns each page declares. ARIA table roles with aria-rowcount and
 * aria-rowindex keep the full size known to screen readers when only a window of rows is drawn.
 */
export function DataTable<Row>({ query, rows, what, empty, ...table }: DataTableProps<Row>) {
  return (
    <QueryView query={query} what={what}>
      {(data) => {
        const shown = rows ?? data;
        return shown.length === 0 ? empty : <Table {...table} rows={shown} />;
      }}
    </QueryView>
  );
}

type TableProps<Row> = Pick<DataTableProps<Row>, 'label' | 'columns' | 'rowKey' | 'size' | 'rowStyle' | 'testId' | 'onRangeChange'> & { rows: readonly Row[] };

function Table<Row>({ label, columns, rows, rowKey, size = 'content', rowStyle = 'regular', testId, onRangeChange }: TableProps<Row>) {
  const virtual = rows.length >= VIRTUAL_FROM;
  const className = ['data-table', `data-table--${size}`, `data-table--${rowStyle}`, virtual ? 'data-table--virtual' : ''].join(' ').trim();
  const tracks = { '--data-table-columns': columns.map((column) => column.width).join(' ') } as CSSProperties;
  return (
    <div role="table" aria-label={label} aria-rowcount={rows.length + 1} className={className} style={tracks}>
      <div role="rowgroup" className="data-table__head">
        <div role="row" aria-rowindex={1} className="data-table__row">
          {columns.map((column) => (
            <span key={column.header} role="columnheader">
              {column.headerHidden ? <span className="visually-hidden">{column.header}</span> : column.header}
            </span>
          ))}
        </div>
      </div>
      {virtual ? (
        <VirtualRows columns={columns} rows={rows} rowKey={rowKey} testId={testId} onRangeChange={onRangeChange} />
      ) : (
        <div className="data-table__scroll" data-testid={testId}>
          <div role="rowgroup" className="data-table__body">
            {rows.map((row, index) => (
              <TableRow key={rowKey(row)} columns={columns} row={row} index={index} />
            ))}
          </div>
        </div>
      )}
    </div>
  );
}

/**
 * Only the rows in view (and a few either side) are drawn. Tabbing onto a row beyond the view
 * scrolls it in, which draws the next ones; the row holding focus stays drawn while it is scrolled
 * away, so focus is never dropped. The scroller itself is a tab stop, for Page Down and End.
 */
function VirtualRows<Row>({ columns, rows, rowKey, testId, onRangeChange }: Pick<TableProps<Row>, 'columns' | 'rows' | 'rowKey' | 'testId' | 'onRangeChange'>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [focusedIndex, setFocusedIndex] = useState<number | undefined>(undefined);
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      const keep = focusedIndex !== undefined && focusedIndex < range.count && !indexes.includes(focusedIndex);
      return keep ? [...indexes, focusedIndex].sort((a, b) => a - b) : indexes;
    },
    [focusedIndex],
  );
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_ROW_HEIGHT,
    overscan: OVERSCAN,
    getItemKey: (index) => {
      const row = rows[index];
      return row === undefined ? index : rowKey(row);
    },
    rangeExtractor,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => onRangeChange?.(first, last), [first, last, onRangeChange]);

  function trackFocus(event: FocusEvent<HTMLDivElement>): void {
    const row = event.target.closest<HTMLElement>('[data-index]');
    setFocusedIndex(row ? Number(row.dataset.index) : undefined);
  }

  return (
    <div
      ref={scrollRef}
      className="data-table__scroll"
      tabIndex={0}
      data-testid={testId}
      onFocus={trackFocus}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) setFocusedIndex(undefined);
      }}
    >
      <div role="rowgroup" className="data-table__body" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = rows[item.index];
          if (row === undefined) return null;
          return <TableRow key={item.key} columns={columns} row={row} index={item.index} placement={{ start: item.start, measure: virtualizer.measureElement }} />;
        })}
      </div>
    </div>
  );
}

interface TableRowProps<Row> {
  columns: readonly Column<Row>[];
  row: Row;
  index: number;
  /** Where a virtual row sits in the scroller, and how its real height is reported back. */
  placement?: { start: number; measure: (element: HTMLElement | null) => void };
}

function TableRow<Row>({ columns, row, index, placement }: TableRowProps<Row>) {
  return (
    <div
      ref={placement?.measure}
      data-index={index}
      role="row"
      aria-rowindex={index + 2}
      className="data-table__row"
      style={placement ? { transform: `translateY(${placement.start}px)` } : undefined}
    >
      {rowCells(columns, row)}
    </div>
  );
}

function rowCells<Row>(columns: readonly Column<Row>[], row: Row): ReactNode[] {
  const cells: ReactNode[] = [];
  for (let index = 0; index < columns.length; ) {
    const column = columns[index]!;
    const span = column.span?.(row) ?? 1;
    cells.push(
      <span
        key={column.header}
        role="cell"
        aria-colspan={span > 1 ? span : undefined}
        className={cellClassName(column)}
        style={span > 1 ? { gridColumn: `span ${span}` } : undefined}
      >
        {column.cell(row)}
      </span>,
    );
    index += span;
  }
  return cells;
}

function cellClassName<Row>(column: Column<Row>): string | undefined {
  const names = [column.kind ? `data-table__${column.kind}` : '', column.className ?? ''].filter(Boolean);
  return names.length > 0 ? names.join(' ') : undefined;
}
