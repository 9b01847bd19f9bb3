import type { Migration } from './index.ts';

/**
 * Holds number 5, which belongs to the workspaces migration being built beside this branch, so
 * that 006 applies in order here. At the merge the workspaces migration takes this place in the
 * list and this file goes (knip reports it if it stays unreferenced).
 */
export const reservedForWorkspaces: Migration = {
  version: 5,
  name: 'reserved-for-workspaces',
  sql: 'SELECT 1;',
};
