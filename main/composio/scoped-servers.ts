import { randomBytes } from 'node:crypto';
import type { Actor } from '../audit/audit-log.ts';
import { AppError } from '../errors/app-error.ts';
import type { McpServersService } from '../mcp/servers-service.ts';
import type { McpServerConfig } from '../mcp/types.ts';
import type { ScopeInput } from '../mcp/inputs.ts';
import type { ComposioSdk } from './client.ts';
import type { ComposioCalls } from './composio-calls.ts';

/** One ACTIVE connected account, as the scoped servers need it. */
export interface ActiveAccount {
  id: string;
  userId: string;
  toolkit: string;
}

/** A Composio MCP server the console made, and the per-user URL Composio generated for it. */
export interface ScopedServer {
  composioServerId: string;
  url: string;
  allowedTools: string[];
}

const serverNotFound = () =>
  new AppError('composio_request_refused', 'Composio no longer has the scoped MCP server the console made.', 'Bind the agent again (or re-run `default enable`): a new server is made.');

/**
 * The scoped Composio MCP servers behind bindings and the default connector, through the SDK's
 * `mcp.create / update / delete / generate`, and the MCP server configs the gateway connects to
 * them (managed by Composio: the project key is injected at connect time, never stored).
 */
export class ScopedServers {
  private readonly calls: ComposioCalls;
  private readonly servers: McpServersService;

  constructor(calls: ComposioCalls, servers: McpServersService) {
    this.calls = calls;
    this.servers = servers;
  }

  /** The ACTIVE connected accounts of one user, or of every user (live: the typed client keeps user_id). */
  async activeAccounts(userId?: string): Promise<ActiveAccount[]> {
    return this.calls.withComposio(async (composio) => {
      const found: ActiveAccount[] = [];
      let cursor: string | undefined;
      do {
        const page = await composio.getClient().connectedAccounts.list({ limit: 100, statuses: ['ACTIVE'], ...(userId ? { user_ids: [userId] } : {}), ...(cursor ? { cursor } : {}) });
        for (const item of page.items) {
          if (item.status === 'ACTIVE' && !item.is_disabled) found.push({ id: item.id, userId: item.user_id, toolkit: item.toolkit.slug });
        }
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      return found;
    });
  }

  /**
   * Makes a Composio server for these apps (allowedTools: exactly these; null: every tool of the
   * apps) and generates its URL for the user. Composio gives its connections to the user's accounts
   * itself (no chat-based sign-in tools: the console connects accounts).
   */
  async create(label: string, apps: string[], allowedTools: string[] | null, userId: string): Promise<ScopedServer> {
    return this.calls.withComposio(async (composio) => {
      const made = await composio.mcp.create(serverName(label), { toolkits: apps, ...(allowedTools ? { allowedTools } : {}), manuallyManageConnections: true });
      return { composioServerId: made.id, url: await generatedUrl(composio, userId, made.id), allowedTools: made.allowedTools };
    });
  }

  /** Changes a server's apps and tools; Composio tells its connected sessions (tools/list_changed). */
  async update(composioServerId: string, apps: string[], allowedTools: string[] | null): Promise<string[]> {
    return this.calls.withComposio(async (composio) => {
      const updated = await composio.mcp.update(composioServerId, { toolkits: apps, ...(allowedTools ? { allowedTools } : {}) });
      return updated.allowedTools;
    }, serverNotFound);
  }

  /** Deletes the server at Composio; one already gone is fine. */
  async remove(composioServerId: string): Promise<void> {
    await this.calls
      .withComposio((composio) => composio.mcp.delete(composioServerId), () => new AppError('composio_binding_not_found', 'The scoped server is already gone at Composio.', 'Nothing to do.'))
      .catch((error: unknown) => {
        if (!(error instanceof AppError && error.code === 'composio_binding_not_found')) throw error;
      });
  }

  /** The MCP server config the gateway connects to a scoped server's URL. */
  createConfig(name: string, scope: ScopeInput, url: string, actor: Actor): McpServerConfig {
    return this.servers.create(
      { name, scope, transport: { type: 'streamable-http', url, headers: {} }, credential: null, allowedEnv: [], provider: null, enabled: true, connectTimeoutMs: null, managedBy: 'composio' },
      actor,
    );
  }

  pointConfig(serverId: string, url: string, actor: Actor): void {
    this.servers.updateManaged({ server: serverId, transport: { type: 'streamable-http', url, headers: {} } }, actor);
  }

  deleteConfig(serverId: string, actor: Actor): void {
    if (this.servers.findById(serverId)) this.servers.delete({ server: serverId }, actor, true);
  }
}

/** Composio's rule: 4–30 characters, letters, digits, spaces and hyphens; unique in the project. */
function serverName(label: string): string {
  const part = label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 12) || 'app';
  return `crewship ${part} ${randomBytes(3).toString('hex')}`;
}

async function generatedUrl(composio: ComposioSdk, userId: string, composioServerId: string): Promise<string> {
  const instance = await composio.mcp.generate(userId, composioServerId, { manuallyManageConnections: true });
  return instance.url;
}
