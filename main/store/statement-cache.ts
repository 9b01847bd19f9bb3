import type Database from 'better-sqlite3';
import type { Db } from './database.ts';

/**
 * Prepares each SQL text once per database: better-sqlite3 compiles on every `prepare`, which
 * costs more than running a small query. For services on a hot path (the MCP gateway's calls).
 */
export function statementCache(db: Db): (sql: string) => Database.Statement {
  const cache = new Map<string, Database.Statement>();
  return (sql) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
}
