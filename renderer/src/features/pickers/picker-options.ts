import type { McpServerConfig } from '../../../../main/rpc/contract.ts';
import type { Agent } from '../../api/agents.ts';
import type { ComboboxOption } from '../../components/combobox-options.ts';

/** A server as the pickers need it: the full config where the page has it, else its id and name. */
export type PickableServer = Pick<McpServerConfig, 'id' | 'name'> & Partial<Pick<McpServerConfig, 'scope' | 'enabled'>>;

/** An agent as the pickers need it: the full row where the page has it, else its id and name. */
export type PickableAgent = Pick<Agent, 'id' | 'name'> & Partial<Pick<Agent, 'slug' | 'crewName' | 'crewSlug'>>;

/**
 * Each server with its scope beside its name (a crew's "everything" is not the workspace's), and
 * its id where the name repeats, so two entries never look the same.
 */
export function serverOptions(servers: readonly PickableServer[]): ComboboxOption[] {
  const repeated = repeatedNames(servers);
  return servers.map((server) => {
    const scope = server.scope;
    const owner = scope?.kind === 'crew' ? scope.crewName : scope?.kind === 'agent' ? scope.agentName : undefined;
    const where = scope === undefined ? undefined : scope.kind === 'workspace' ? 'Workspace' : `${scope.kind === 'crew' ? 'Crew' : 'Agent'} · ${owner}`;
    const detail = [where, server.enabled === false ? 'disabled' : undefined].filter(Boolean).join(' · ');
    return {
      value: server.id,
      label: server.name,
      ...(detail ? { detail } : {}),
      ...(repeated.has(server.name) ? { tag: server.id } : {}),
      ...(owner ? { text: `${server.name} (${owner})` } : {}),
      keywords: [server.id, scope?.kind === 'crew' ? scope.crewSlug : scope?.kind === 'agent' ? scope.agentSlug : undefined].filter(Boolean).join(' '),
    };
  });
}

/** Each agent with its crew and its slug (the name the CLI takes). */
export function agentOptions(agents: readonly PickableAgent[]): ComboboxOption[] {
  const repeated = repeatedNames(agents);
  return agents.map((agent) => ({
    value: agent.id,
    label: agent.name,
    ...(agent.crewName ? { detail: agent.crewName, text: `${agent.name} (${agent.crewName})` } : {}),
    ...(agent.slug ? { tag: agent.slug } : repeated.has(agent.name) ? { tag: agent.id } : {}),
    keywords: [agent.id, agent.crewSlug].filter(Boolean).join(' '),
  }));
}

function repeatedNames(entries: readonly { name: string }[]): Set<string> {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const { name } of entries) (seen.has(name) ? repeated : seen).add(name);
  return repeated;
}
