import type { Migration } from './index.ts';

export const oauthSchema: Migration = {
  version: 2,
  name: 'oauth',
  sql: ``,
};
