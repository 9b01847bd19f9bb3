import { initialSchema } from './001-initial.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Ordered; a migration, once released, never changes: add a new one instead. */
export const migrations: readonly Migration[] = [initialSchema];

export const LATEST_SCHEMA_VERSION = migrations.length;
