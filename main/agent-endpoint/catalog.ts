import type { McpTool, McpToolAnnotations } from '../mcp/types.ts';
import type { AgentEndpointTool, ToolPolicy } from './types.ts';

/** Between a server's prefix and its tool's name: `github__create_issue`. */
export const NAMESPACE_SEPARATOR = '__';

interface Prefix {
  prefix: string;
  collision: boolean;
}

/**
 * Each resolved server's prefix: its name with what a tool name may not hold replaced by `_`.
 * Two servers whose names make the same prefix are told apart by a suffix (`_2`, `_3`), given in
 * the order of their ids, so that the same servers always get the same names.
 */
export function serverPrefixes(servers: ReadonlyArray<{ serverId: string; name: string }>): Map<string, Prefix> {
  const base = (name: string) => name.replace(/[^A-Za-z0-9_-]/g, '_').replace(/_{2,}/g, '_') || 'server';
  const ordered = [...servers].sort((a, b) => base(a.name).localeCompare(base(b.name)) || a.serverId.localeCompare(b.serverId));
  const taken = new Set<string>();
  const prefixes = new Map<string, Prefix>();
  for (const server of ordered) {
    const wanted = base(server.name);
    let prefix = wanted;
    for (let n = 2; taken.has(prefix); n += 1) prefix = `${wanted}_${n}`;
    taken.add(prefix);
    prefixes.set(server.serverId, { prefix, collision: prefix !== wanted });
  }
  return prefixes;
}

/** Per the MCP spec a tool is destructive unless it says it is read-only or that it is not (destructiveHint defaults to true). */
function isDestructive(annotations: McpToolAnnotations | null): boolean {
  return annotations?.readOnlyHint !== true && annotations?.destructiveHint !== false;
}

export const ruleKey = (serverId: string, tool: string) => `${serverId}\u0000${tool}`;

export interface RoutedTool {
  entry: AgentEndpointTool;
  source: McpTool;
}

/** The agent's tools under their namespaced names, each with the policy that applies to it. */
export function namespacedTools(
  tools: readonly McpTool[],
  prefixes: ReadonlyMap<string, Prefix>,
  rules: ReadonlyMap<string, ToolPolicy>,
  destructiveAsk: boolean,
): RoutedTool[] {
  return tools.flatMap((tool): RoutedTool[] => {
    const prefix = prefixes.get(tool.serverId);
    if (!prefix) return [];
    const destructive = isDestructive(tool.annotations);
    const set = rules.get(ruleKey(tool.serverId, tool.name));
    const policy: ToolPolicy = set ?? (destructiveAsk && destructive ? 'ask' : 'allow');
    const policySource = set ? 'set' : destructiveAsk && destructive ? 'destructive' : 'default';
    const entry: AgentEndpointTool = {
      name: `${prefix.prefix}${NAMESPACE_SEPARATOR}${tool.name}`,
      serverId: tool.serverId,
      serverName: tool.serverName,
      tool: tool.name,
      collision: prefix.collision,
      description: tool.description,
      annotations: tool.annotations,
      icons: tool.icons,
      destructive,
      policy,
      policySource,
    };
    return [{ entry, source: tool }];
  });
}
