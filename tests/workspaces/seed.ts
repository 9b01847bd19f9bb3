import { expect } from 'vitest';
import type { Envelope } from '../../main/rpc/contract.ts';
import { fixtureStdio } from '../fixtures/mcp/everything.ts';

/** One door's way to call the contract in a workspace (id or slug): the router (the IPC door's path) or the host's /rpc. */
export type CallIn = (method: string, input: unknown, workspace: string) => Promise<Envelope<unknown>>;

export interface Seeded {
  workspaceId: string;
  slug: string;
  crew: { id: string; slug: string };
  agent: { id: string; slug: string };
  server: { id: string; name: string };
  credential: { id: string; label: string };
}

async function value<T>(call: CallIn, method: string, input: unknown, workspace: string): Promise<T> {
  const envelope = await call(method, input, workspace);
  if (!envelope.ok) throw new Error(`${method} in ${workspace} failed: ${JSON.stringify(envelope.error)}`);
  return envelope.value as T;
}

/**
 * A workspace with one of everything a workspace holds: a crew with an agent, an MCP server (the
 * minimal stdio fixture, enabled) and a credential. Rows named after the workspace, plus a crew
 * whose slug both workspaces use (a slug is unique within its workspace only).
 */
export async function seedWorkspace(call: CallIn, name: string): Promise<Seeded> {
  const workspace = await value<{ id: string; slug: string }>(call, 'workspaces.create', { name }, 'default');
  const tag = workspace.slug;
  const crew = await value<{ id: string; slug: string }>(call, 'crews.create', { name: `${name} Ops` }, tag);
  await value(call, 'crews.create', { name: 'Shared', slug: 'shared' }, tag);
  const agent = await value<{ id: string; slug: string }>(call, 'agents.create', { crew: crew.slug, name: `${name} Scout` }, tag);
  const server = await value<{ id: string; name: string }>(call, 'mcp.servers.create', { name: `${tag}-tools`, transport: fixtureStdio('minimal-server.mjs') }, tag);
  const { credential } = await value<{ credential: { id: string; label: string } }>(
    call,
    'credentials.create',
    {
      provider: 'custom',
      label: `${name} SSO`,
      clientId: `${tag}-client`,
      custom: { name: `${name} SSO`, authorizeUrl: 'https://id.example.test/authorize', tokenUrl: 'https://id.example.test/token' },
    },
    tag,
  );
  return { workspaceId: workspace.id, slug: tag, crew, agent, server, credential };
}

/** Every id and name a workspace's rows carry, to look for in another workspace's answers. */
export function markersOf(seeded: Seeded): string[] {
  return [seeded.workspaceId, seeded.crew.id, seeded.crew.slug, seeded.agent.id, seeded.agent.slug, seeded.server.id, seeded.server.name, seeded.credential.id, seeded.credential.label];
}

/**
 * Reads a workspace's rows through every list the contract has and checks that none names the
 * other's; then tries to change each of the other's rows by id and by slug, which must fail as
 * not found (the row is not there, seen from this workspace) and leave it as it was.
 */
export async function expectIsolated(call: CallIn, mine: Seeded, theirs: Seeded): Promise<void> {
  const reads: Array<[string, unknown]> = [
    ['crews.list', {}],
    ['agents.list', {}],
    ['mcp.servers.list', {}],
    ['credentials.list', {}],
    ['mcp.status', {}],
    ['mcp.calls.list', {}],
    ['audit.recent', {}],
    ['mcp.config.export', {}],
  ];
  for (const [method, input] of reads) {
    const text = JSON.stringify(await value(call, method, input, mine.slug));
    for (const marker of markersOf(theirs)) expect(text).not.toContain(marker);
  }
  // What the workspace does hold is there (the reads above read something).
  const ownCrews = JSON.stringify(await value(call, 'crews.list', {}, mine.slug));
  expect(ownCrews).toContain(mine.crew.id);
  const current = await value<{ id: string }>(call, 'workspaces.current', {}, mine.slug);
  expect(current.id).toBe(mine.workspaceId);

  const writes: Array<[string, unknown, string]> = [
    ['crews.get', { crew: theirs.crew.id }, 'crew_not_found'],
    ['crews.rename', { crew: theirs.crew.slug, name: 'Taken over' }, 'crew_not_found'],
    ['crews.delete', { crew: theirs.crew.id, withAgents: true }, 'crew_not_found'],
    ['agents.create', { crew: theirs.crew.slug, name: 'Intruder' }, 'crew_not_found'],
    ['agents.rename', { agent: theirs.agent.slug, name: 'Taken over' }, 'agent_not_found'],
    ['agents.delete', { agent: theirs.agent.id }, 'agent_not_found'],
    ['mcp.servers.get', { server: theirs.server.name }, 'mcp_server_not_found'],
    ['mcp.servers.update', { server: theirs.server.id, connectTimeoutMs: 1000 }, 'mcp_server_not_found'],
    ['mcp.servers.setEnabled', { server: theirs.server.id, enabled: false }, 'mcp_server_not_found'],
    ['mcp.servers.delete', { server: theirs.server.name }, 'mcp_server_not_found'],
    ['mcp.servers.create', { name: 'borrow', transport: fixtureStdio('minimal-server.mjs'), credential: { credentialId: theirs.credential.id, injection: { kind: 'env', variable: 'TOKEN' } } }, 'credential_not_found'],
    ['mcp.tools.call', { server: theirs.server.id, tool: 'echo', arguments: { message: 'hi' } }, 'mcp_server_not_found'],
    ['credentials.get', { credential: theirs.credential.id }, 'credential_not_found'],
    ['credentials.update', { credential: theirs.credential.label, label: 'Taken over' }, 'credential_not_found'],
    ['credentials.delete', { credential: theirs.credential.id }, 'credential_not_found'],
  ];
  for (const [method, input, code] of writes) {
    const envelope = await call(method, input, mine.slug);
    expect(envelope.ok ? `${method} succeeded` : `${method}: ${envelope.error.code}`).toBe(`${method}: ${code}`);
  }
  // Their rows are as they were, seen from their own workspace.
  const theirCrews = JSON.stringify(await value(call, 'crews.list', {}, theirs.slug));
  expect(theirCrews).toContain(theirs.crew.id);
  expect(theirCrews).not.toContain('Taken over');
  const theirServer = await value<{ enabled: boolean; connectTimeoutMs: number | null }>(call, 'mcp.servers.get', { server: theirs.server.id }, theirs.slug);
  expect(theirServer.enabled).toBe(true);
  expect(theirServer.connectTimeoutMs).toBe(null);
  const theirCredential = await value<{ label: string }>(call, 'credentials.get', { credential: theirs.credential.id }, theirs.slug);
  expect(theirCredential.label).toBe(theirs.credential.label);
}
