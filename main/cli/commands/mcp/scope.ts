import type { Command } from 'commander';
import type { McpServerConfig } from '../../../mcp/types.ts';
import type { MethodInput } from '../../../rpc/contract.ts';
import { BadOption } from '../../kit.ts';

export type ScopeOptions = { crew?: string; agent?: string };
type Scope = NonNullable<MethodInput<'mcp.servers.create'>['scope']>;

/** --crew or --agent: the scope a config belongs to (the workspace without either). */
export function withScope(command: Command): Command {
  return command.option('--crew <crew>', 'the crew the config belongs to (id or slug)').option('--agent <agent>', 'the agent the config belongs to (id or slug)');
}

export function scopeOf(options: ScopeOptions): Scope | undefined {
  if (options.crew && options.agent) throw new BadOption('give --crew or --agent, not both');
  if (options.crew) return { kind: 'crew', crew: options.crew };
  if (options.agent) return { kind: 'agent', agent: options.agent };
  return undefined;
}

export function scopeLabel(config: McpServerConfig): string {
  const scope = config.scope;
  return scope.kind === 'crew' ? `crew ${scope.crewSlug}` : scope.kind === 'agent' ? `agent ${scope.agentSlug}` : 'workspace';
}
