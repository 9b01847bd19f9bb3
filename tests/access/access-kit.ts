import type { Core } from '../../main/app/core.ts';
import type { Agent } from '../../main/agents/agent.ts';
import { startComposioStandIn, STAND_IN_KEYS, type ComposioStandIn } from '../fixtures/composio/stand-in.ts';
import { ok, openComposioCore } from '../composio/composio-test-kit.ts';

/** Keys of more projects than the stand-in's two, for tests that each need a project of their own (no users yet). */
export const MORE_KEYS = { gamma: 'ak_standin_gamma_3e9d41c7a2', delta: 'ak_standin_delta_8b1f06e5d3', epsilon: 'ak_standin_epsilon_c47a92e1f0' } as const;

/** A small catalog: each app has read-only and other tools, quick to sync. Projects alpha and beta, and those of MORE_KEYS. */
export function startAccessStandIn(): Promise<ComposioStandIn> {
  const keys = { [STAND_IN_KEYS.alpha]: 'alpha', [STAND_IN_KEYS.beta]: 'beta', ...Object.fromEntries(Object.entries(MORE_KEYS).map(([name, key]) => [key, name])) };
  return startComposioStandIn({ catalog: { toolkits: 12, tools: 240 }, keys });
}

export interface AccessCoreOptions {
  key?: string;
  /** COMPOSIO_DEFAULT_CONNECTOR's value. */
  flag?: string;
  workspaceId?: string;
}

/** A core on the stand-in with COMPOSIO_API_KEY (alpha unless told), its catalog synced, a crew with two agents. */
export async function openAccessCore(dataDir: string, standIn: ComposioStandIn, options: AccessCoreOptions = {}): Promise<{ core: Core; scout: Agent; sorter: Agent }> {
  const env: Record<string, string> = { COMPOSIO_API_KEY: options.key ?? STAND_IN_KEYS.alpha };
  if (options.flag !== undefined) env.COMPOSIO_DEFAULT_CONNECTOR = options.flag;
  const core = openComposioCore(dataDir, standIn.url, { env, ...(options.workspaceId ? { workspaceId: options.workspaceId } : {}) });
  await ok(core, 'composio.catalog.sync', { wait: true });
  const crew = core.crews.create({ name: 'Night Ops' }, 'ui');
  const scout = core.agents.create({ crew: crew.id, name: 'Scout' }, 'ui');
  const sorter = core.agents.create({ crew: crew.id, name: 'Sorter' }, 'ui');
  return { core, scout, sorter };
}

/** Connects `user`'s account of `app` and approves it at the stand-in's consent page: ACTIVE. */
export async function connectAccount(core: Core, standIn: ComposioStandIn, app: string, user: string): Promise<string> {
  const flow = await ok(core, 'composio.connect', { toolkit: app, userId: user });
  standIn.approve(flow.accountId);
  await core.composio.waitForConnect(flow.id);
  return flow.accountId;
}

/** The stand-in's tools of an app, split by the read-only hint. */
export function toolsOf(standIn: ComposioStandIn, app: string): { read: string[]; other: string[] } {
  const tools = standIn.catalog.find((toolkit) => toolkit.slug === app)?.tools ?? [];
  return { read: tools.filter((tool) => tool.tags.includes('readOnlyHint')).map((tool) => tool.slug), other: tools.filter((tool) => !tool.tags.includes('readOnlyHint')).map((tool) => tool.slug) };
}
