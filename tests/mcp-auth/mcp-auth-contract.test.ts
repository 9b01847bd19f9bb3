import { afterEach, describe, expect, it } from 'vitest';
import { startHost } from '../../main/http/host.ts';
import type { McpAuthStatus, StartedSignIn } from '../../main/rpc/contract.ts';
import { startMcpAuthServer } from '../fixtures/mcp-auth/authorization-server.ts';
import { startProtectedMcpServer } from '../fixtures/mcp-auth/protected-server.ts';
import { callOk, callRefused, openTestCore } from '../helpers/core.ts';
import { addServer } from '../helpers/mcp.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

/** The mcp.auth.* methods, as the window and the local host call them, against a protected server and oidc-provider. */
const tempDir = useTempDirs('crewship-mcp-auth-contract-');
const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

describe('the mcp.auth methods', () => {
  it('list, sign in (the browser opened only after the other origin is confirmed), follow the flow, sign out', async () => {
    const authServer = await startMcpAuthServer();
    closers.push(() => authServer.close());
    const resource = await startProtectedMcpServer(authServer);
    closers.push(() => resource.close());
    const opened: string[] = [];
    const core = openTestCore(tempDir(), { openExternal: async (url) => void opened.push(url) });
    closers.push(() => core.close());
    addServer(core, 'protected', { type: 'streamable-http', url: resource.url, headers: {} });
    addServer(core, 'local', { type: 'stdio', command: 'node', args: [], env: {}, cwd: null });

    expect(await callOk(core, 'mcp.auth.list', {})).toEqual([expect.objectContaining({ serverName: 'protected', signedIn: false, client: null })]);
    expect((await callRefused(core, 'mcp.auth.signIn', { server: 'local' })).code).toBe('mcp_auth_not_applicable');

    const started = await callOk(core, 'mcp.auth.signIn', { server: 'protected' });
    expect(started.flow.status).toBe('waiting');
    // The authorization server is on another origin (another port) than the MCP server: not opened until confirmed.
    expect(started.flow.crossOrigin).toBe(true);
    expect(started.openedBrowser).toBe(false);
    expect(opened).toEqual([]);
    const confirmed = await callOk(core, 'mcp.auth.openBrowser', { flow: started.flow.id });
    expect(confirmed.openedBrowser).toBe(true);
    expect(opened).toEqual([started.flow.authorizeUrl]);

    const callback = await authServer.approve(started.flow.authorizeUrl!);
    await fetch(callback);
    const done = await core.mcpAuth.waitForFlow(started.flow.id);
    expect(done.status).toBe('signed_in');
    expect((await callOk(core, 'mcp.auth.flow', { flow: started.flow.id })).steps.every((step) => step.state === 'done')).toBe(true);
    const [latest] = await callOk(core, 'mcp.auth.flows', {});
    expect(latest?.id).toBe(started.flow.id);
    // The debugger's record: the discovery documents and the token answer, its tokens redacted.
    const token = latest!.requests.find((request) => request.step === 'token');
    expect(token?.responseBody).toMatchObject({ access_token: '[redacted]' });
    expect(await callOk(core, 'mcp.auth.status', { server: 'protected' })).toMatchObject({ signedIn: true, issuer: authServer.issuer, client: { source: 'dynamic' } });

    expect(await callOk(core, 'mcp.auth.signOut', { server: 'protected' })).toMatchObject({ signedIn: false });
    expect((await callRefused(core, 'mcp.auth.flow', { flow: 'maf_unknown' })).code).toBe('mcp_auth_flow_not_found');
    expect((await callRefused(core, 'mcp.auth.cancel', { flow: 'not-a-flow' })).code).toBe('invalid_input');
  });

  it('is reached over the local host’s REST paths too: GET /mcp/auth, GET /mcp/auth/{server}, POST …/login and …/logout', async () => {
    const authServer = await startMcpAuthServer();
    closers.push(() => authServer.close());
    const resource = await startProtectedMcpServer(authServer);
    closers.push(() => resource.close());
    const core = openTestCore(tempDir());
    closers.push(() => core.close());
    addServer(core, 'protected', { type: 'streamable-http', url: resource.url, headers: {} });
    const host = await startHost({ core });
    closers.push(() => host.close());
    const headers = { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' };
    const answer = async <T,>(path: string, init: RequestInit = {}) => (await (await fetch(`${host.url}${path}`, { headers, ...init })).json()) as { ok: true; value: T };

    expect((await answer<McpAuthStatus[]>('/mcp/auth')).value).toEqual([expect.objectContaining({ serverName: 'protected', signedIn: false })]);
    const started = await answer<StartedSignIn>('/mcp/auth/protected/login', { method: 'POST', body: '{}' });
    expect(started.value.flow).toMatchObject({ status: 'waiting', serverName: 'protected' });
    await fetch(await authServer.approve(started.value.flow.authorizeUrl!));
    await core.mcpAuth.waitForFlow(started.value.flow.id);
    expect((await answer<McpAuthStatus>('/mcp/auth/protected')).value).toMatchObject({ signedIn: true, issuer: authServer.issuer });
    expect((await answer<McpAuthStatus>('/mcp/auth/protected/logout', { method: 'POST', body: '{}' })).value).toMatchObject({ signedIn: false });
    // Without the session token the paths answer nothing.
    expect((await fetch(`${host.url}/mcp/auth`)).status).toBe(401);
  });
});

