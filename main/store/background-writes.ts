import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { BUSY_TIMEOUT_MS } from './database.ts';

/** SQL and its parameters, run by the worker. */
export type BackgroundStatement = readonly [sql: string, params: readonly unknown[]];

/**
 * The worker's whole program: its own connection to the database file; the statements in one
 * immediate transaction (waiting for the write lock as every connection does); then, if asked, a
 * passive checkpoint (it never waits: what a writer holds is left for the next one); closed again.
 * Evaluated rather than loaded from a file, so that it runs the same from the sources (CLI, tests)
 * and from the app's bundle; it needs only the SQLite driver, named by its resolved path.
 */
const PROGRAM = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
try {
  db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
  if (workerData.statements.length > 0) {
    db.transaction(() => {
      for (const [sql, params] of workerData.statements) db.prepare(sql).run(...params);
    }).immediate();
  }
  if (workerData.checkpoint) db.pragma('wal_checkpoint(PASSIVE)');
} finally {
  db.close();
}
parentPort.postMessage('done');
`;

const driver = createRequire(import.meta.url).resolve('better-sqlite3');

/**
 * Long writes off the thread that answers the UI and the MCP connections: after a bulk write (a
 * registry sync leaves tens of MiB in the WAL) copying the WAL back and its fsync took a quarter of
 * a second, and building a full-text index over every entry a tenth or more, during which that
 * thread would be stopped. Here they run on a worker with a connection of its own, beside the main
 * one (WAL lets readers go on meanwhile; a writer waits for the lock as it would for another
 * process). Resolves when done, rejects with what failed (nothing of the statements is kept then).
 */
export function writeInBackground(file: string, work: { statements?: readonly BackgroundStatement[]; checkpoint?: boolean }): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(PROGRAM, {
      eval: true,
      workerData: { driver, file, busyTimeoutMs: BUSY_TIMEOUT_MS, statements: work.statements ?? [], checkpoint: work.checkpoint === true },
    });
    worker.unref();
    worker.once('message', () => resolve());
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the background write ended with ${code}`))));
  });
}
