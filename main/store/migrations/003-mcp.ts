import type { Migration } from './index.ts';

export const mcpSchema: Migration = {
  version: 3,
  name: 'mcp',
  sql: ``,
};
