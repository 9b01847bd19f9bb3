import type { ResolvedAgentServer } from './types.ts';

/**
 * The `[CONNECTED INTEGRATIONS]` block of an agent's system prompt: one line per resolved server,
 * the access mode in its display name, and what to do with them; null when nothing resolves (the
 * block is then left out entirely).
 */
export function connectedIntegrationsBlock(servers: readonly ResolvedAgentServer[]): string | null {
  if (servers.length === 0) return null;
  return [
    '[CONNECTED INTEGRATIONS]',
    'These integrations are connected and ready for you to use through their MCP tools:',
    ...servers.map((server) => `- ${server.displayName}`),
    'When a request involves one of them, use its matching tools directly; do not ask the user to set anything up first.',
    'Before saying that something is not possible or that you have no access, check the tools available for that app.',
    '[/CONNECTED INTEGRATIONS]',
  ].join('\n');
}
