import type { Migration } from './index.ts';

export const mcpCallTasksSchema: Migration = {
  version: 23,
  name: 'mcp-call-tasks',
  sql: `
    -- A call run as a task (SEP-1686): the server's task id, its last status and every status it
    -- moved through (JSON, McpCallTask), so that the history keeps what the tester showed.
    ALTER TABLE mcp_calls ADD COLUMN task TEXT;
  `,
};
