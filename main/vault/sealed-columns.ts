import type { Db } from '../store/database.ts';
import { SEALED_PREFIX } from './sealed-value.ts';

/** A column whose values are sealed for (table, the row's idColumn value, column). */
export interface SealedColumn {
  table: string;
  idColumn: string;
  column: string;
}

interface ColumnInfo {
  name: string;
  type: string;
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function sealedColumnExists(db: Db, sealed: SealedColumn): boolean {
  const names = new Set(columnsOf(db, sealed.table).map((column) => column.name));
  return names.has(sealed.idColumn) && names.has(sealed.column);
}

/**
 * Columns outside `registered` that hold at least one sealed value: rotating would strand them.
 * Only columns with BLOB affinity (declared BLOB, or untyped) are searched, as secret columns are
 * declared BLOB; searching every column would make rotation read the whole database.
 */
export function findUnregisteredSealedColumns(db: Db, registered: readonly SealedColumn[]): string[] {
  const isRegistered = (table: string, column: string): boolean =>
    registered.some((sealed) => sealed.table === table && sealed.column === column);
  const found: string[] = [];
  for (const table of tableNames(db)) {
    for (const column of columnsOf(db, table)) {
      if (!hasBlobAffinity(column) || isRegistered(table, column.name)) continue;
      if (holdsSealedValue(db, table, column.name)) found.push(`${table}.${column.name}`);
    }
  }
  return found;
}

function tableNames(db: Db): string[] {
  return db.prepare<[], string>(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%'`).pluck().all();
}

function columnsOf(db: Db, table: string): ColumnInfo[] {
  return db.prepare<[string], ColumnInfo>('SELECT name, type FROM pragma_table_info(?)').all(table);
}

function hasBlobAffinity(column: ColumnInfo): boolean {
  return column.type === '' || /BLOB/i.test(column.type);
}

function holdsSealedValue(db: Db, table: string, column: string): boolean {
  const quoted = quoteIdentifier(column);
  const found = db
    .prepare<[number, Buffer], number>(
      `SELECT EXISTS (SELECT 1 FROM ${quoteIdentifier(table)} WHERE typeof(${quoted}) = 'blob' AND substr(${quoted}, 1, ?) = ?)`,
    )
    .pluck()
    .get(SEALED_PREFIX.length, SEALED_PREFIX);
  return found === 1;
}
