import type { Migration } from './index.ts';

export const managedMcpServersSchema: Migration = {
  version: 12,
  name: 'managed-mcp-servers',
  sql: `
    -- A config another domain keeps (composio: a binding's scoped server, the default connector):
    -- not editable or deletable by hand, left out of the legacy scope merge, exported as placeholders.
    ALTER TABLE mcp_servers ADD COLUMN managed_by TEXT CHECK (managed_by IN ('composio'));
  `,
};
