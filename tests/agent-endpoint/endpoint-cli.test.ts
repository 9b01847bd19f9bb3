import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { everythingEntry } from '../fixtures/mcp/everything.ts';
import { crewship, crewshipWithEnv, runCrewship } from '../helpers/cli.ts';
import { startServe, type ServeChild } from '../helpers/serve.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { connectAgent, until } from './endpoint-kit.ts';

const tempDir = useTempDirs('crewship-agent-cli-');
const serves: ServeChild[] = [];
const clients: Client[] = [];

afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((client) => client.close()));
  await Promise.all(serves.splice(0).map((serve) => serve.stop()));
});

function prepare(): string {
  const home = tempDir();
  expect(crewship(home, 'crew', 'create', 'Night Ops', '--slug', 'ops').code).toBe(0);
  expect(crewship(home, 'agent', 'create', 'Scout', '--crew', 'ops', '--slug', 'scout').code).toBe(0);
  expect(crewship(home, 'agent', 'create', 'Sorter', '--crew', 'ops', '--slug', 'sorter').code).toBe(0);
  expect(crewship(home, 'mcp', 'add', 'local', '--command', process.execPath, '--arg', everythingEntry, '--arg', 'stdio').code).toBe(0);
  return home;
}

describe('crewship agent token | policy | mcp-config | activity, crewship approvals', () => {
  it('creates a token shown once, lists and revokes it, and the served endpoint takes it', async () => {
    const home = prepare();
    const created = crewship(home, 'agent', 'token', 'create', 'scout', '--label', 'laptop', '--json');
    expect(created.code).toBe(0);
    const { token, id, label } = JSON.parse(created.stdout) as { token: string; id: string; label: string };
    expect(token).toMatch(/^cwa_/);
    expect(label).toBe('laptop');
    const listed = crewship(home, 'agent', 'token', 'list', 'scout');
    expect(listed.stdout).toContain('laptop');
    expect(listed.stdout).not.toContain(token);

    const serve = await startServe(home);
    serves.push(serve);
    const client = await connectAgent(`${serve.agentsUrl}/agents/scout/mcp`, token);
    clients.push(client);
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('local__echo');

    expect((await runCrewship(home, ['agent', 'token', 'revoke', 'scout', id])).code).toBe(0);
    const response = await fetch(`${serve.agentsUrl}/agents/scout/mcp`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{}' });
    expect(response.status).toBe(401);
    expect(crewship(home, 'agent', 'token', 'revoke', 'sorter', id).code).toBe(1);
  });

  it('holds an "ask" call in crewship serve until `crewship approvals approve` in another process answers it', async () => {
    const home = prepare();
    const { token } = JSON.parse(crewship(home, 'agent', 'token', 'create', 'scout', '--json').stdout) as { token: string };
    const set = crewship(home, 'agent', 'policy', 'scout', '--set', 'local__get-sum=ask', '--set', 'local__echo=deny');
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('local__get-sum: ask (set)');
    expect(crewship(home, 'agent', 'policy', 'scout', '--set', 'get-sum').code).toBe(2);

    const serve = await startServe(home);
    serves.push(serve);
    const client = await connectAgent(`${serve.agentsUrl}/agents/scout/mcp`, token);
    clients.push(client);
    expect((await client.listTools()).tools.map((tool) => tool.name)).not.toContain('local__echo');
    const call = client.callTool({ name: 'local__get-sum', arguments: { a: 20, b: 22 } });
    let pending: Array<{ id: string; tool: string }> = [];
    await until(async () => {
      pending = JSON.parse((await runCrewship(home, ['approvals', 'list', '--json'])).stdout) as typeof pending;
      return pending.length === 1;
    }, 'the held call in `crewship approvals list`');
    expect(pending[0]?.tool).toBe('local__get-sum');
    const approved = await runCrewship(home, ['approvals', 'approve', pending[0]?.id ?? '']);
    expect(approved.code).toBe(0);
    expect(await call).toMatchObject({ isError: false, content: [{ type: 'text', text: 'The sum of 20 and 22 is 42.' }] });

    const activity = JSON.parse((await runCrewship(home, ['agent', 'activity', 'scout', '--json'])).stdout) as { sessions: number; callsToday: number; recentCalls: Array<{ tool: string }> };
    expect(activity).toMatchObject({ sessions: 1, callsToday: 1 });
    expect(activity.recentCalls[0]?.tool).toBe('get-sum');
  });

  it('prints the .mcp.json with the token placeholder and writes it beside what is there', () => {
    const home = prepare();
    const printed = crewshipWithEnv(home, { CREWSHIP_AGENTS_PORT: '47321' }, 'agent', 'mcp-config', 'scout');
    expect(printed.code).toBe(0);
    expect(JSON.parse(printed.stdout)).toEqual({
      mcpServers: { crewship: { type: 'http', url: 'http://127.0.0.1:47321/agents/scout/mcp', headers: { Authorization: 'Bearer ${CREWSHIP_AGENT_TOKEN}' } } },
    });
    const project = tempDir();
    writeFileSync(join(project, '.mcp.json'), JSON.stringify({ mcpServers: { own: { command: 'own-server' } } }));
    const written = crewshipWithEnv(home, { CREWSHIP_AGENTS_PORT: '47321' }, 'agent', 'mcp-config', 'scout', '--write', '--dir', project);
    expect(written.code).toBe(0);
    const file = JSON.parse(readFileSync(join(project, '.mcp.json'), 'utf8')) as { mcpServers: Record<string, unknown> };
    expect(Object.keys(file.mcpServers).sort()).toEqual(['crewship', 'own']);
    expect(existsSync(join(project, `.mcp.json.${process.pid}.tmp`))).toBe(false);
  });
});
