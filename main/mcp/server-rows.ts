import type { McpInjection, McpScope, McpServerConfig, McpTransportConfig } from './types.ts';

/** The rows of `mcp_servers` as the service reads them, and the configs made from them. */
export interface ServerRow {
  id: string;
  name: string;
  scope_kind: 'workspace' | 'crew' | 'agent';
  crew_id: string | null;
  agent_id: string | null;
  crew_slug: string | null;
  crew_name: string | null;
  agent_slug: string | null;
  agent_name: string | null;
  transport: string;
  credential_id: string | null;
  credential_label: string | null;
  injection: string | null;
  allowed_env: string;
  sealed_names: string;
  provider: string | null;
  managed_by: 'composio' | null;
  enabled: 0 | 1;
  connect_timeout_ms: number | null;
  created_at: string;
  updated_at: string;
}

export const serverSelect = `SELECT s.id, s.name, s.scope_kind, s.crew_id, s.agent_id, c.slug AS crew_slug, c.name AS crew_name,
    a.slug AS agent_slug, a.name AS agent_name, s.transport, s.credential_id, cr.label AS credential_label, s.injection,
    s.allowed_env, (SELECT json_group_array(name) FROM (SELECT name FROM mcp_server_secrets WHERE server_id = s.id ORDER BY name)) AS sealed_names,
    s.provider, s.managed_by, s.enabled, s.connect_timeout_ms, s.created_at, s.updated_at
  FROM mcp_servers s
  LEFT JOIN crews c ON c.id = s.crew_id
  LEFT JOIN agents a ON a.id = s.agent_id
  LEFT JOIN credentials cr ON cr.id = s.credential_id`;

export const scopeOrder = "CASE s.scope_kind WHEN 'workspace' THEN 0 WHEN 'crew' THEN 1 ELSE 2 END";

/** workspace < crew < agent: an entry of a narrower scope replaces a wider one of the same name. */
export const scopeRank = { workspace: 0, crew: 1, agent: 2 } as const;

/** The placeholder name a credential is visible under: the env var it goes into, else `<NAME>_TOKEN`. */
export function credentialVariable(serverName: string, injection: McpInjection): string {
  if (injection.kind === 'env') return injection.variable;
  const base = serverName.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  return `${/^[0-9]/.test(base) ? `_${base}` : base}_TOKEN`;
}

export function toScope(row: ServerRow): McpScope {
  if (row.scope_kind === 'crew') return { kind: 'crew', crewId: row.crew_id as string, crewSlug: row.crew_slug ?? '', crewName: row.crew_name ?? '' };
  if (row.scope_kind === 'agent') return { kind: 'agent', agentId: row.agent_id as string, agentSlug: row.agent_slug ?? '', agentName: row.agent_name ?? '' };
  return { kind: 'workspace' };
}

export function toConfig(row: ServerRow): McpServerConfig {
  const injection = row.injection ? (JSON.parse(row.injection) as McpInjection) : null;
  return {
    id: row.id,
    name: row.name,
    scope: toScope(row),
    transport: JSON.parse(row.transport) as McpTransportConfig,
    credential:
      row.credential_id && injection
        ? { credentialId: row.credential_id, injection, credentialLabel: row.credential_label, variable: credentialVariable(row.name, injection) }
        : null,
    allowedEnv: JSON.parse(row.allowed_env) as string[],
    sealedVariables: JSON.parse(row.sealed_names) as string[],
    provider: row.provider,
    managedBy: row.managed_by,
    enabled: row.enabled === 1,
    connectTimeoutMs: row.connect_timeout_ms,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
