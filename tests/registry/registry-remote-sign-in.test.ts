import { afterEach, describe, expect, it } from 'vitest';
import { startMcpAuthServer } from '../fixtures/mcp-auth/authorization-server.ts';
import { startProtectedMcpServer } from '../fixtures/mcp-auth/protected-server.ts';
import { RegistryStandIn } from '../fixtures/registry/stand-in.ts';
import { callOk, openTestCore } from '../helpers/core.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

/**
 * A registry remote that requires authorization, installed like any other: its connection goes to
 * the sign-in of the MCP authorization spec (the mcp-auth domain), and once signed in its tools
 * answer. The remote is a real OAuth-protected MCP server, oidc-provider its authorization server.
 */
const tempDir = useTempDirs('crewship-registry-sign-in-');
const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

describe('installing a remote that requires authorization', () => {
  it('connects to its sign-in (needs sign-in, with the command to run), and after the sign-in its tools answer', async () => {
    const authServer = await startMcpAuthServer();
    closers.push(() => authServer.close());
    const resource = await startProtectedMcpServer(authServer);
    closers.push(() => resource.close());
    const registry = await RegistryStandIn.start([]);
    closers.push(() => registry.close());
    registry.publish({
      name: 'com.example/protected',
      description: 'A hosted server behind OAuth',
      version: '1.0.0',
      remotes: [{ type: 'streamable-http', url: resource.url }],
    });
    const core = openTestCore(tempDir(), { registry: { env: { CREWSHIP_REGISTRY_URL: registry.url }, client: { retryDelaysMs: [] } }, mcp: { env: {} } });
    closers.push(() => core.close());
    await core.registry.runSync(undefined, 'cli');

    const { server } = await callOk(core, 'registry.install', { name: 'com.example/protected', target: { kind: 'remote', index: 0 } });
    expect(server).toMatchObject({ name: 'protected', credential: null, transport: { type: 'streamable-http', url: resource.url } });
    // Ready to connect; the server answers 401, so the connection says a sign-in is needed, and how.
    const [before] = await core.mcp.gateway.connect({ server: server.id });
    expect(before).toMatchObject({ state: 'failed', error: { code: 'mcp_auth_required' } });
    expect(before?.error?.hint).toContain('crewship mcp login "protected"');
    expect(core.mcpAuth.status(server.id)).toMatchObject({ signedIn: false });

    const flow = await core.mcpAuth.signIn(server.id, 'ui');
    expect(flow.status, JSON.stringify(flow.error)).toBe('waiting');
    await fetch(await authServer.approve(flow.authorizeUrl!));
    expect((await core.mcpAuth.waitForFlow(flow.id)).status).toBe('signed_in');
    const call = await core.mcp.gateway.call({ server: server.id, tool: 'whoami', arguments: {} }, 'ui');
    expect(call.status, JSON.stringify(call.error)).toBe('succeeded');
    // The installed server still says where it came from.
    expect(core.registry.installs().find((install) => install.serverId === server.id)).toMatchObject({ registryName: 'com.example/protected', version: '1.0.0' });
  });
});
