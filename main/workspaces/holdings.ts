import type { Db } from '../store/database.ts';
import type { WorkspaceHolding } from './workspace.ts';

/**
 * What a workspace holds, table by table: the one place a domain says "I keep rows in a
 * workspace". Deleting a workspace asks every table here: those that `block` keep it from being
 * deleted unless the caller asks for its contents to go too (and name what would go); all are
 * emptied of the workspace's rows, in this order (children before the rows they reference), in
 * the same transaction as the workspace itself. A domain that adds a table with a `workspace_id`
 * column adds its line (tests/workspaces/ fails for a table that is missing here).
 */
export interface WorkspaceTable {
  table: string;
  /** For people, plural: "crews". Only tables that block are named. */
  what?: string;
  /** Rows here keep the workspace from being deleted without `withContents`. */
  blocks: boolean;
}

export const workspaceTables: readonly WorkspaceTable[] = [
  { table: 'agent_tokens', blocks: false },
  { table: 'agent_tool_policies', blocks: false },
  { table: 'agent_endpoint_settings', blocks: false },
  { table: 'agent_approvals', blocks: false },
  { table: 'agent_sessions', blocks: false },
  { table: 'crew_connections', blocks: false },
  { table: 'registry_installs', blocks: false },
  { table: 'mcp_calls', blocks: false },
  { table: 'mcp_auth_grants', blocks: false },
  { table: 'mcp_auth_clients', blocks: false },
  { table: 'composio_bindings', blocks: false },
  { table: 'composio_default_connector', blocks: false },
  { table: 'mcp_servers', what: 'MCP servers', blocks: true },
  { table: 'oauth_flows', blocks: false },
  { table: 'credentials', what: 'credentials', blocks: true },
  { table: 'agents', what: 'agents', blocks: true },
  { table: 'crews', what: 'crews', blocks: true },
  { table: 'composio_tools', blocks: false },
  { table: 'composio_toolkits', blocks: false },
  { table: 'composio_catalog_state', blocks: false },
  { table: 'composio_auth_config_secrets', blocks: false },
  { table: 'composio_auth_configs', blocks: false },
  { table: 'composio_accounts', blocks: false },
  { table: 'composio_inventory_state', blocks: false },
  { table: 'composio_keys', what: 'Composio keys', blocks: true },
  { table: 'settings', blocks: false },
];

/** Tables kept on purpose when a workspace goes: the audit log records the deletion itself. */
export const tablesKeptWithWorkspace: readonly string[] = ['audit_log'];

/** What the workspace holds of each kind that blocks its deletion, zeros included, in the order above. */
export function holdingsOf(db: Db, workspaceId: string): WorkspaceHolding[] {
  return workspaceTables
    .filter((entry) => entry.blocks)
    .map((entry) => ({
      what: entry.what ?? entry.table,
      count: db.prepare(`SELECT COUNT(*) FROM ${entry.table} WHERE workspace_id = ?`).pluck().get(workspaceId) as number,
    }));
}

/** Deletes every row the workspace holds, children first; the caller runs it inside its transaction. */
export function removeHoldings(db: Db, workspaceId: string): void {
  for (const entry of workspaceTables) db.prepare(`DELETE FROM ${entry.table} WHERE workspace_id = ?`).run(workspaceId);
}
