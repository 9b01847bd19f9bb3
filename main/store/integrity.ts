import type { Db } from './database.ts';

/**
 * What SQLite's own check finds wrong, at most `limit` problems; none when the database is sound.
 * `quick` checks every page and row (fast enough for doctor); `full` also checks that indexes
 * match their tables (restore, before it replaces anything).
 */
export function findIntegrityProblems(db: Db, depth: 'quick' | 'full', limit = 10): string[] {
  const pragma = depth === 'quick' ? 'quick_check' : 'integrity_check';
  const found = db.prepare(`PRAGMA ${pragma}(${limit})`).pluck().all() as string[];
  if (found.length === 1 && found[0] === 'ok') return [];
  // One line each, to sit in a message: SQLite breaks some across lines.
  return found.map((problem) => problem.replace(/\s*\n\s*/g, ' '));
}
