import type { AutoBinder, AutoBoundServer } from '../credentials/auto-bind.ts';
import { describeScope, type McpServersService } from './servers-service.ts';
import type { McpServerConfig } from './types.ts';

/**
 * The MCP side of auto-bind: a new credential for a provider is bound to every server config that
 * declares that provider (the reference only; the token is read from the vault at connect time).
 */
export function mcpAutoBinder(servers: McpServersService): AutoBinder {
  return {
    bindProvider: (provider, credentialId, actor) =>
      servers.findByProvider(provider).map((config) => toBound(servers.bindCredential(config.id, credentialId, undefined, actor))),
    boundTo: (credentialId) => servers.list().filter((config) => config.credential?.credentialId === credentialId).map(toBound),
  };
}

function toBound(config: McpServerConfig): AutoBoundServer {
  return { serverId: config.id, serverName: config.name, scope: describeScope(config.scope) };
}
