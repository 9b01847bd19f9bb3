import { z } from 'zod';
import type { McpToolDiff } from '../../mcp/tool-pin-types.ts';
import { method, reference } from '../method.ts';

export const mcpToolPinMethods = {
  'mcp.tools.diff': method<McpToolDiff>()(
    z.object({ server: reference }).strict(),
    'Connect a server and show how its tool definitions differ from the pinned ones (added, removed, changed).',
  ),
  'mcp.tools.changedServers': method<string[]>()(
    z.object({}).strict(),
    'The ids of the servers whose tools, as last listed, differ from the pinned definitions (nothing is connected).',
  ),
  'mcp.tools.accept': method<McpToolDiff>()(z.object({ server: reference }).strict(), 'Accept a server’s tool definitions as it lists them now (they become the pinned ones).'),
  'mcp.tools.setHold': method<McpToolDiff>()(
    z.object({ server: reference, hold: z.boolean() }).strict(),
    'Set whether agents’ views leave out a server’s changed or added tools until they are accepted.',
  ),
} as const;
