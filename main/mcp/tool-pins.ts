import { createHash } from 'node:crypto';
import type { Actor } from '../audit/audit-log.ts';
import { AppError } from '../errors/app-error.ts';
import type { DomainContext } from '../store/domain-context.ts';
import { nowIso } from '../store/ids.ts';
import { statementCache } from '../store/statement-cache.ts';
import type { McpToolChange, McpToolDiff, McpToolFieldChange } from './tool-pin-types.ts';
import type { McpGateway } from './gateway.ts';
import type { McpServersService } from './servers-service.ts';
import type { McpServerConfig, McpTool } from './types.ts';

interface PinRow {
  tool_name: string;
  pinned_fingerprint: string | null;
  pinned_definition: string | null;
  seen_fingerprint: string | null;
  seen_definition: string | null;
}

interface PinServerRow {
  hold_changed: number;
  pinned_at: string;
  accepted_at: string | null;
}

const FIELDS: ReadonlyArray<McpToolFieldChange['field']> = ['title', 'description', 'inputSchema', 'outputSchema', 'annotations'];

/**
 * Tool definitions pinned (a rug pull is a server that changes what a tool says it does after the
 * operator looked): the first time a server's tools are seen their definitions are fingerprinted
 * and pinned; each later listing is compared with the pins, and what differs waits for the
 * operator to accept it. A server can be set to hold what changed back from agents' views.
 */
export class ToolPins {
  private readonly ctx: DomainContext;
  private readonly statement: ReturnType<typeof statementCache>;

  constructor(ctx: DomainContext) {
    this.ctx = ctx;
    this.statement = statementCache(ctx.db);
  }

  /**
   * A server listed these tools. `gone(name)`: whether a pinned tool missing from the listing is
   * removed (not merely hidden from a connection that offers fewer capabilities).
   */
  listed(serverId: string, tools: McpTool[], gone: (name: string) => boolean): void {
    const now = nowIso();
    const first = !this.server(serverId);
    const before = new Map(this.rows(serverId).map((row) => [row.tool_name, row]));
    let changed = false;
    this.ctx.db.transaction(() => {
      if (first) this.statement('INSERT INTO mcp_tool_pin_servers (server_id, pinned_at) VALUES (?, ?)').run(serverId, now);
      for (const tool of tools) {
        const definition = definitionOf(tool);
        const fingerprint = fingerprintOf(definition);
        const row = before.get(tool.name);
        if (row?.seen_fingerprint !== fingerprint) changed = true;
        this.statement(
          `INSERT INTO mcp_tool_pins (server_id, tool_name, pinned_fingerprint, pinned_definition, seen_fingerprint, seen_definition, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (server_id, tool_name) DO UPDATE SET seen_fingerprint = excluded.seen_fingerprint, seen_definition = excluded.seen_definition, seen_at = excluded.seen_at`,
        ).run(serverId, tool.name, first ? fingerprint : null, first ? JSON.stringify(definition) : null, fingerprint, JSON.stringify(definition), now);
      }
      const listedNames = new Set(tools.map((tool) => tool.name));
      for (const row of before.values()) {
        if (listedNames.has(row.tool_name) || row.seen_fingerprint === null || !gone(row.tool_name)) continue;
        changed = true;
        if (row.pinned_fingerprint === null) this.statement('DELETE FROM mcp_tool_pins WHERE server_id = ? AND tool_name = ?').run(serverId, row.tool_name);
        else this.statement('UPDATE mcp_tool_pins SET seen_fingerprint = NULL, seen_definition = NULL, seen_at = ? WHERE server_id = ? AND tool_name = ?').run(now, serverId, row.tool_name);
      }
    })();
    if (changed && !first) this.ctx.bus.publish('mcp.toolPinsChanged', { serverId, reason: 'listed' });
  }

  diff(config: McpServerConfig): McpToolDiff {
    const server = this.server(config.id);
    const changes = this.rows(config.id).flatMap((row) => changeOf(row) ?? []);
    return {
      serverId: config.id,
      serverName: config.name,
      pinnedAt: server?.pinned_at ?? null,
      acceptedAt: server?.accepted_at ?? null,
      holdChanged: server?.hold_changed === 1,
      changes,
    };
  }

  /** The definitions as the server lists them now become the pinned ones. */
  accept(config: McpServerConfig, actor: Actor): McpToolDiff {
    const accepted = this.diff(config).changes;
    const now = nowIso();
    this.ctx.db.transaction(() => {
      this.statement('DELETE FROM mcp_tool_pins WHERE server_id = ? AND seen_fingerprint IS NULL').run(config.id);
      this.statement('UPDATE mcp_tool_pins SET pinned_fingerprint = seen_fingerprint, pinned_definition = seen_definition WHERE server_id = ?').run(config.id);
      this.statement(
        `INSERT INTO mcp_tool_pin_servers (server_id, pinned_at, accepted_at) VALUES (?, ?, ?) ON CONFLICT (server_id) DO UPDATE SET accepted_at = excluded.accepted_at`,
      ).run(config.id, now, now);
      this.ctx.audit.append(actor, 'mcp.tools.accept', config.id, { name: config.name, tools: accepted.map((change) => `${change.change} ${change.name}`) });
    })();
    this.ctx.bus.publish('mcp.toolPinsChanged', { serverId: config.id, reason: 'accepted' });
    return this.diff(config);
  }

  setHold(config: McpServerConfig, hold: boolean, actor: Actor): McpToolDiff {
    this.ctx.db.transaction(() => {
      this.statement(
        `INSERT INTO mcp_tool_pin_servers (server_id, hold_changed, pinned_at) VALUES (?, ?, ?) ON CONFLICT (server_id) DO UPDATE SET hold_changed = excluded.hold_changed`,
      ).run(config.id, hold ? 1 : 0, nowIso());
      this.ctx.audit.append(actor, 'mcp.tools.hold', config.id, { name: config.name, hold });
    })();
    this.ctx.bus.publish('mcp.toolPinsChanged', { serverId: config.id, reason: 'hold' });
    return this.diff(config);
  }

  /** The servers whose listed tools differ from the pinned ones (without connecting: as last listed). */
  serversChanged(): string[] {
    const rows = this.statement(
      `SELECT DISTINCT p.server_id FROM mcp_tool_pins p JOIN mcp_servers s ON s.id = p.server_id
       WHERE s.workspace_id = ? AND p.pinned_fingerprint IS NOT p.seen_fingerprint ORDER BY p.server_id`,
    ).all(this.ctx.workspaceId) as Array<{ server_id: string }>;
    return rows.map((row) => row.server_id);
  }

  /** What an agent is shown of a server's tools: all, or (holding) only those whose definition is the accepted one. */
  forAgents(serverId: string, tools: McpTool[]): McpTool[] {
    if (this.server(serverId)?.hold_changed !== 1) return tools;
    const accepted = new Map(this.rows(serverId).map((row) => [row.tool_name, row.pinned_fingerprint]));
    return tools.filter((tool) => accepted.get(tool.name) === fingerprintOf(definitionOf(tool)));
  }

  /** Throws `mcp_tool_held` for a tool that agents are not shown until it is accepted. */
  requireShownToAgents(config: McpServerConfig, tool: McpTool): void {
    if (this.forAgents(config.id, [tool]).length > 0) return;
    throw new AppError(
      'mcp_tool_held',
      `The tool ${tool.name} on ${config.name} changed since its definition was accepted, and agents are not given it until it is accepted again.`,
      `Review the change (the tester's "Tools changed", or \`crewship mcp tools diff ${config.name}\`) and accept it, or stop holding changes for this server.`,
    );
  }

  private server(serverId: string): PinServerRow | undefined {
    return this.statement('SELECT hold_changed, pinned_at, accepted_at FROM mcp_tool_pin_servers WHERE server_id = ?').get(serverId) as PinServerRow | undefined;
  }

  private rows(serverId: string): PinRow[] {
    return this.statement(
      'SELECT tool_name, pinned_fingerprint, pinned_definition, seen_fingerprint, seen_definition FROM mcp_tool_pins WHERE server_id = ? ORDER BY tool_name',
    ).all(serverId) as PinRow[];
  }
}

type Definition = Record<McpToolFieldChange['field'] | 'name', unknown>;

/** What a tool's fingerprint covers: its name, title, description, schemas and annotations. */
function definitionOf(tool: McpTool): Definition {
  return {
    name: tool.name,
    title: tool.title ?? null,
    description: tool.description ?? null,
    inputSchema: tool.inputSchema ?? null,
    outputSchema: tool.outputSchema ?? null,
    annotations: tool.annotations ?? null,
  };
}

/** SHA-256 of the definition as canonical JSON (keys sorted), so a server reordering keys changes nothing. */
function fingerprintOf(definition: Definition): string {
  return createHash('sha256').update(canonical(definition)).digest('hex');
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, inner]) => inner !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, inner]) => `${JSON.stringify(key)}:${canonical(inner)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function changeOf(row: PinRow): McpToolChange | null {
  if (row.pinned_fingerprint === row.seen_fingerprint) return null;
  const before = row.pinned_definition === null ? null : (JSON.parse(row.pinned_definition) as Definition);
  const after = row.seen_definition === null ? null : (JSON.parse(row.seen_definition) as Definition);
  const change = before === null ? 'added' : after === null ? 'removed' : 'changed';
  const fields = FIELDS.flatMap((field): McpToolFieldChange[] => {
    const was = shown(before?.[field]);
    const now = shown(after?.[field]);
    return was === now ? [] : [{ field, before: was, after: now }];
  });
  return { name: row.tool_name, change, fields };
}

function shown(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

/** A server's diff against its pins as it lists its tools now: connected (and listed) first, so a one-shot command sees the current definitions. */
export async function currentToolDiff(mcp: { servers: Pick<McpServersService, 'get'>; gateway: Pick<McpGateway, 'tools'>; pins: ToolPins }, server: string): Promise<McpToolDiff> {
  const config = mcp.servers.get(server);
  await mcp.gateway.tools({ server: config.id });
  return mcp.pins.diff(config);
}
