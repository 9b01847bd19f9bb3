/**
 * `CREWSHIP_LEGACY_MCP_INTEGRATIONS=true` (or `1`) in the console's environment opens the
 * Integrations page on the self-hosted MCP connector management instead of the Composio tabs, as
 * the operator's own Settings toggle (the `legacyMcpView` preference) does. Nothing else changes.
 */
export function legacyMcpViewFromEnv(env: Readonly<Record<string, string | undefined>>): boolean {
  const value = env.CREWSHIP_LEGACY_MCP_INTEGRATIONS?.trim().toLowerCase();
  return value === 'true' || value === '1';
}
