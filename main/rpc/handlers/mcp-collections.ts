import { runOnGateway } from '../../mcp/collection-run.ts';
import type { McpGateway } from '../../mcp/gateway.ts';
import type { mcpCollectionMethods } from '../methods/mcp-collections.ts';
import type { HandlersOf } from '../router.ts';

export function mcpCollectionHandlers(gateway: McpGateway): HandlersOf<keyof typeof mcpCollectionMethods> {
  return {
    'mcp.collections.run': ({ collection }, { actor }) => runOnGateway(gateway, collection, actor),
  };
}
