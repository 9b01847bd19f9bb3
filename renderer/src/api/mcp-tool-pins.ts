import { useMethodMutation, useMethodQuery } from './method-hooks.ts';
import { queryKeys } from './query-keys.ts';

/** A server's tool definitions against the pinned ones; `mcp.toolPinsChanged` makes it stale. */
export const useMcpToolDiff = (serverId: string) => useMethodQuery([...queryKeys.mcpToolPins, serverId], 'mcp.tools.diff', { server: serverId });
export const useAcceptMcpTools = () => useMethodMutation('mcp.tools.accept', 'mcp.toolPinsChanged');
export const useHoldMcpTools = () => useMethodMutation('mcp.tools.setHold', 'mcp.toolPinsChanged');
export const useServersWithChangedTools = () => useMethodQuery([...queryKeys.mcpToolPins, 'changed'], 'mcp.tools.changedServers', {});
