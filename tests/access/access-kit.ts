import type { Core } from '../../main/app/core.ts';
import type { Agent } from '../../main/agents/agent.ts';
import { startComposioStandIn, STAND_IN_KEYS, type ComposioStandIn } from '../fixtures/composio/stand-in.ts';
import { ok, openComposioCore } from '../composio/composio-test-kit.ts';

/** A small catalog: each app has read-only and other tools, quick to sync. */
export function startAccessStandIn(): Promise<ComposioStandIn> {
  return startComposioStandIn({ catalog: { toolkits: 12, tools: 240 } });
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
