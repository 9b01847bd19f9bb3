import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * The worker's whole program: its own connection to the database file, one passive checkpoint (it
 * never waits for a lock; what a writer holds is left for the next checkpoint), closed again.
 * Evaluated rather than loaded from a file, so that it runs the same from the sources (CLI, tests)
 * and from the app's bundle; it needs only the SQLite driver, named by its resolved path.
 */
const PROGRAM = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
try {
  db.pragma('wal_checkpoint(PASSIVE)');
} finally {
  db.close();
}
parentPort.postMessage('done');
`;

const driver = createRequire(import.meta.url).resolve('better-sqlite3');

/**
 * Copies the write-ahead log back into the database file on another thread: after a bulk write
 * (a registry sync leaves tens of MiB in the WAL) that copy and its fsync took a quarter of a
 * second, during which this thread — the UI's, the MCP connections' — would be stopped. The main
 * connection keeps working meanwhile (WAL lets a checkpoint run beside readers and writers).
 * Resolves when it is done, rejects with what failed.
 */
export function checkpointInBackground(file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(PROGRAM, { eval: true, workerData: { driver, file } });
    worker.unref();
    worker.once('message', () => resolve());
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the checkpoint worker ended with ${code}`))));
  });
}
