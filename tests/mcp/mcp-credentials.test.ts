import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import type { McpLogLine } from '../../main/mcp/types.ts';
import { everythingStdio } from '../fixtures/mcp/everything.ts';
import { startHeaderRecorder, type HeaderRecorder } from '../fixtures/mcp/header-recorder.ts';
import { openTestCore } from '../helpers/core.ts';
import { addServer, insertCredential } from '../helpers/mcp.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-mcp-cred-');
const TOKEN = 'gho_live_TOKEN_7f3c9a1e5d2b8840';
let core: Core | undefined;
let recorder: HeaderRecorder | undefined;

afterEach(async () => {
  await core?.close();
  await recorder?.close();
  core = undefined;
  recorder = undefined;
});

async function setUp(env: Record<string, string> = {}) {
  core = openTestCore(tempDir(), { mcp: { env } });
  recorder = await startHeaderRecorder();
  const logs: McpLogLine[] = [];
  const events: string[] = [];
  core.bus.subscribe((event) => {
    events.push(JSON.stringify(event));
    if (event.name === 'mcp.log') logs.push(event.payload);
  });
  return { core, recorder, logs, events };
}

/** Everything a person or a program can read about the server, which must never hold the token. */
function everythingVisible(core: Core, server: string, events: string[]): string {
  const agentFile = (() => {
    try {
      return readFileSync(`${core.dataDir}/crew/agents/scout/.mcp.json`, 'utf8');
    } catch {
      return '';
    }
  })();
  return JSON.stringify([
    core.mcp.gateway.status(),
    core.mcp.gateway.readLog(server, undefined, 5000),
    core.mcp.servers.list(),
    core.mcp.files.export({ scope: { kind: 'workspace' }, merged: true }),
    core.mcp.gateway.listCalls({ limit: 100 }).map((call) => core!.mcp.gateway.getCall(call.callId)),
    core.audit.recent(1000),
    events,
    agentFile,
  ]);
}

describe('credential injection at connect time', () => {
  it.each([
    ['bearer', { kind: 'bearer' as const }, 'authorization', `Bearer ${TOKEN}`],
    ['api_key', { kind: 'api_key' as const, header: 'X-Api-Key' }, 'x-api-key', TOKEN],
  ])('%s reaches a local streamable-http server, and the token is in no status, log or export', async (_kind, injection, header, expected) => {
    const { core, recorder, events } = await setUp();
    const credentialId = insertCredential(core, TOKEN);
    addServer(core, 'recorder', { type: 'streamable-http', url: `${recorder.url}/mcp`, headers: { 'X-Client': 'crewship' } }, { credential: { credentialId, injection } });

    const [status] = await core.mcp.gateway.connect({ server: 'recorder' });
    expect(status?.state).toBe('ready');
    const posts = recorder.requests.filter((request) => request.method === 'POST');
    expect(posts.length).toBeGreaterThan(0);
    for (const request of posts) {
      expect(request.headers[header]).toBe(expected);
      expect(request.headers['x-client']).toBe('crewship');
    }

    // A server that echoes the token back: the caller sees it redacted, and history keeps it redacted.
    const whoami = await core.mcp.gateway.call({ server: 'recorder', tool: 'whoami', arguments: {} }, 'ui');
    expect(whoami.status).toBe('succeeded');
    expect(JSON.stringify(whoami)).not.toContain(TOKEN);

    core.agents.create({ crew: core.crews.create({ name: 'Ops' }, 'ui').id, name: 'Scout' }, 'ui');
    core.mcp.files.writeAgentFile('scout', 'ui');
    expect(everythingVisible(core, 'recorder', events)).not.toContain(TOKEN);
    const exported = core.mcp.files.export({ scope: { kind: 'workspace' }, merged: true }).json;
    expect(exported).toContain(injection.kind === 'bearer' ? '"Authorization": "Bearer ${RECORDER_TOKEN}"' : '"X-Api-Key": "${RECORDER_TOKEN}"');
  });

  it('basic uses the client id as the user, and reaches an sse server on the stream and the posts', async () => {
    const { core, recorder, events } = await setUp();
    const credentialId = insertCredential(core, TOKEN, { clientId: 'svc-user' });
    addServer(core, 'recorder-sse', { type: 'sse', url: `${recorder.url}/sse`, headers: {} }, { credential: { credentialId, injection: { kind: 'basic' } } });
    const [status] = await core.mcp.gateway.connect({ server: 'recorder-sse' });
    expect(status?.state).toBe('ready');
    const basic = `Basic ${Buffer.from(`svc-user:${TOKEN}`).toString('base64')}`;
    const stream = recorder.requests.find((request) => request.method === 'GET' && request.path === '/sse');
    const post = recorder.requests.find((request) => request.method === 'POST' && request.path === '/messages');
    expect(stream?.headers['authorization']).toBe(basic);
    expect(post?.headers['authorization']).toBe(basic);
    const visible = everythingVisible(core, 'recorder-sse', events);
    expect(visible).not.toContain(TOKEN);
    expect(visible).not.toContain(Buffer.from(`svc-user:${TOKEN}`).toString('base64'));
  });

  it('env injection gives a stdio child the token in its env var, and redacts it from what comes back', async () => {
    const { core, events } = await setUp();
    const credentialId = insertCredential(core, TOKEN);
    addServer(core, 'everything', everythingStdio(), { credential: { credentialId, injection: { kind: 'env', variable: 'GITHUB_TOKEN' } } });
    const call = await core.mcp.gateway.call({ server: 'everything', tool: 'get-env', arguments: {} }, 'cli');
    const text = JSON.stringify(call.result);
    // The server saw exactly the token (it was replaced by the redaction marker on the way back).
    expect(text).toMatch(/GITHUB_TOKEN\\+":\s*\\+"\[redacted\]/);
    expect(text).not.toContain(TOKEN);
    expect(everythingVisible(core, 'everything', events)).not.toContain(TOKEN);
    expect(core.mcp.files.export({ scope: { kind: 'workspace' }, merged: true }).json).toContain('"GITHUB_TOKEN": "${GITHUB_TOKEN}"');
  });

  it('resolves ${VAR} placeholders from the credential and the environment, and names one that is unresolved', async () => {
    const { core, recorder, events } = await setUp({ TENANT: 'acme' });
    const credentialId = insertCredential(core, TOKEN);
    addServer(
      core,
      'github',
      { type: 'streamable-http', url: `${recorder.url}/mcp`, headers: { 'X-Tenant': '${TENANT}', 'X-Token-Copy': 'token ${GITHUB_TOKEN}', 'X-Region': '${REGION:-eu}' } },
      { credential: { credentialId, injection: { kind: 'bearer' } }, allowedEnv: ['TENANT'] },
    );
    expect((await core.mcp.gateway.connect({ server: 'github' }))[0]?.state).toBe('ready');
    const post = recorder.requests.find((request) => request.method === 'POST');
    expect(post?.headers).toMatchObject({ 'x-tenant': 'acme', 'x-token-copy': `token ${TOKEN}`, 'x-region': 'eu', authorization: `Bearer ${TOKEN}` });

    addServer(core, 'unresolved', { type: 'streamable-http', url: `${recorder.url}/mcp`, headers: { 'X-Key': '${MISSING_API_KEY}' } }, { allowedEnv: ['MISSING_API_KEY'] });
    const [failed] = await core.mcp.gateway.connect({ server: 'unresolved' });
    expect(failed).toMatchObject({ state: 'failed', nextRetryAt: null, error: { code: 'mcp_placeholder_unresolved' } });
    expect(failed?.error?.message).toContain('${MISSING_API_KEY}');
    expect(failed?.error?.message).toContain('headers.X-Key');
    expect(everythingVisible(core, 'github', events)).not.toContain(TOKEN);
  });

  it('a server whose credential is gone or has no token fails with that reason', async () => {
    const { core, recorder } = await setUp();
    const credentialId = insertCredential(core, TOKEN);
    addServer(core, 'recorder', { type: 'streamable-http', url: `${recorder.url}/mcp`, headers: {} }, { credential: { credentialId, injection: { kind: 'bearer' } } });
    core.store.db.prepare('DELETE FROM credentials WHERE id = ?').run(credentialId);
    expect(core.mcp.servers.get('recorder').credential).toMatchObject({ credentialId, credentialLabel: null });
    const [status] = await core.mcp.gateway.connect({ server: 'recorder' });
    expect(status).toMatchObject({ state: 'failed', error: { code: 'credential_not_found' } });
    expect(recorder.requests).toEqual([]);
  });
});
