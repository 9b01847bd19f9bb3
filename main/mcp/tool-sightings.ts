import type { Db } from '../store/database.ts';
import { nowIso } from '../store/ids.ts';
import { statementCache } from '../store/statement-cache.ts';
import type { McpClientCapability, McpHiddenTool, McpTool } from './types.ts';

interface SightingRow {
  tool_name: string;
  title: string | null;
  description: string | null;
  needs: string;
}

/**
 * The tools each server has listed and the client capabilities it needs for them. A server may
 * list a tool only to clients that offer what the tool uses (server-everything lists
 * trigger-elicitation-request only to a client offering elicitation). Each listing narrows a
 * tool's needs to the capabilities offered every time it was seen; a tool missing from a listing
 * that offered all it needs is gone. What a connection offering less does not see is then listed
 * as hidden, with what it needs, instead of vanishing silently.
 */
export class ToolSightings {
  private readonly statement: ReturnType<typeof statementCache>;
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
    this.statement = statementCache(db);
  }

  /** A server listed these tools to a client offering these capabilities. */
  listed(serverId: string, tools: McpTool[], offered: readonly McpClientCapability[]): void {
    const known = new Map(this.rows(serverId).map((row) => [row.tool_name, splitNeeds(row.needs)]));
    const seen = new Set(tools.map((tool) => tool.name));
    const now = nowIso();
    this.db.transaction(() => {
      for (const tool of tools) {
        const before = known.get(tool.name);
        const needs = (before ?? offered).filter((capability) => offered.includes(capability));
        this.statement(
          `INSERT INTO mcp_tool_sightings (server_id, tool_name, title, description, needs, seen_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (server_id, tool_name) DO UPDATE SET title = excluded.title, description = excluded.description, needs = excluded.needs, seen_at = excluded.seen_at`,
        ).run(serverId, tool.name, tool.title, tool.description, needs.join(','), now);
      }
      for (const [name, needs] of known) {
        if (!seen.has(name) && needs.every((capability) => offered.includes(capability))) {
          this.statement('DELETE FROM mcp_tool_sightings WHERE server_id = ? AND tool_name = ?').run(serverId, name);
        }
      }
    })();
  }

  /** Tools seen before that a connection offering only `offered` is not shown, with what each lacks. */
  hidden(server: { id: string; name: string }, listed: McpTool[], offered: readonly McpClientCapability[]): McpHiddenTool[] {
    const shown = new Set(listed.map((tool) => tool.name));
    return this.rows(server.id)
      .filter((row) => !shown.has(row.tool_name))
      .map((row) => ({ row, missing: splitNeeds(row.needs).filter((capability) => !offered.includes(capability)) }))
      .filter(({ missing }) => missing.length > 0)
      .map(({ row, missing }) => ({ serverId: server.id, serverName: server.name, name: row.tool_name, title: row.title, description: row.description, needs: missing }));
  }

  /** What a tool was listed with that `offered` lacks (none: a tool never seen, or one that needs nothing more). */
  missingFor(serverId: string, tool: string, offered: readonly McpClientCapability[]): McpClientCapability[] {
    const row = this.statement('SELECT needs FROM mcp_tool_sightings WHERE server_id = ? AND tool_name = ?').get(serverId, tool) as { needs: string } | undefined;
    return row ? splitNeeds(row.needs).filter((capability) => !offered.includes(capability)) : [];
  }

  private rows(serverId: string): SightingRow[] {
    return this.statement('SELECT tool_name, title, description, needs FROM mcp_tool_sightings WHERE server_id = ? ORDER BY tool_name').all(serverId) as SightingRow[];
  }
}

function splitNeeds(needs: string): McpClientCapability[] {
  return needs === '' ? [] : (needs.split(',') as McpClientCapability[]);
}
