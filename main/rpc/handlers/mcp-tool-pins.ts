import { currentToolDiff } from '../../mcp/tool-pins.ts';
import type { McpDomain } from '../../mcp/index.ts';
import type { mcpToolPinMethods } from '../methods/mcp-tool-pins.ts';
import type { HandlersOf } from '../router.ts';

export function mcpToolPinHandlers(mcp: Pick<McpDomain, 'servers' | 'gateway' | 'pins'>): HandlersOf<keyof typeof mcpToolPinMethods> {
  return {
    'mcp.tools.diff': ({ server }) => currentToolDiff(mcp, server),
    'mcp.tools.changedServers': () => mcp.pins.serversChanged(),
    'mcp.tools.accept': ({ server }, { actor }) => mcp.pins.accept(mcp.servers.get(server), actor),
    'mcp.tools.setHold': ({ server, hold }, { actor }) => mcp.pins.setHold(mcp.servers.get(server), hold, actor),
  };
}
