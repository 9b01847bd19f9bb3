import { afterEach } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import type { McpServerDraft } from '../../main/mcp/servers-service.ts';
import type { McpServerConfig, McpTransportConfig } from '../../main/mcp/types.ts';
import type { AppEventName, AppEvents } from '../../main/rpc/events.ts';
import { newId, nowIso } from '../../main/store/ids.ts';
import { everythingStdio, startEverythingHttp, type RunningEverything } from '../fixtures/mcp/everything.ts';

export function addServer(core: Core, name: string, transport: McpServerDraft['transport'], extra: Partial<McpServerDraft> = {}): McpServerConfig {
  return core.mcp.servers.create(
    { name, scope: { kind: 'workspace' }, transport, credential: null, allowedEnv: [], provider: null, enabled: true, connectTimeoutMs: null, ...extra },
    'cli',
  );
}

/**
 * The real server-everything over stdio and over streamable-http, for `describe.each`: each entry
 * makes a transport config; an HTTP server started for a test is closed after it. Called before
 * the file's own afterEach (hooks run last registered first), so the cores close before their
 * servers do. `inject` adds to each: an environment variable over stdio, a header over HTTP.
 */
export function everythingTransports(inject: { env?: Record<string, string>; headers?: Record<string, string> } = {}): Array<[string, () => Promise<McpTransportConfig>]> {
  const started: RunningEverything[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((server) => server.close()));
  });
  return [
    ['stdio', async () => ({ ...everythingStdio(), env: { ...inject.env } })],
    [
      'streamable-http',
      async () => {
        const server = await startEverythingHttp('streamableHttp');
        started.push(server);
        return { type: 'streamable-http', url: server.url, headers: { ...inject.headers } };
      },
    ],
  ];
}

/** A credential row with a sealed access token, as the OAuth domain stores one once connected. */
export function insertCredential(core: Core, token: string, options: { provider?: string; clientId?: string; label?: string } = {}): string {
  const id = newId('cred');
  const now = nowIso();
  core.store.db
    .prepare(
      `INSERT INTO credentials (id, workspace_id, kind, provider, label, client_id, access_token, status, created_at, updated_at)
       VALUES (?, 'default', 'oauth2', ?, ?, ?, ?, 'connected', ?, ?)`,
    )
    .run(id, options.provider ?? 'github', options.label ?? `test ${id}`, options.clientId ?? null, core.vault.seal({ table: 'credentials', row: id, column: 'access_token' }, token), now, now);
  return id;
}

/** Resolves with the first event of that name the predicate accepts (events published from now on). */
export function nextEvent<K extends AppEventName>(core: Core, name: K, accept: (payload: AppEvents[K]) => boolean = () => true, timeoutMs = 20_000): Promise<AppEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`no ${name} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = core.bus.on(name, (payload) => {
      if (!accept(payload)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(payload);
    });
  });
}

export { isAlive } from '../../main/mcp/process-tree.ts';
