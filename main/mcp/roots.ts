import { isAbsolute } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Db } from '../store/database.ts';
import { AppError } from '../errors/app-error.ts';
import type { McpRoot } from './types.ts';

/** A root as the operator gives it: an absolute directory path, or a file:// URI. */
export interface McpRootInput {
  path: string;
  name?: string | undefined;
}

function uriOf(path: string): string {
  if (path.startsWith('file://')) {
    // Parsed and printed again, so that one directory is one URI however it was written.
    return pathToFileURL(fileURLToPath(path)).href;
  }
  if (!isAbsolute(path)) {
    throw new AppError('mcp_root_invalid', `"${path}" is not an absolute directory path or a file:// URI.`, 'Give each root as an absolute path (/home/me/project) or a file:// URI.');
  }
  return pathToFileURL(path).href;
}

/**
 * The directories the operator grants each server (MCP roots), stored per server. The client
 * answers a server's `roots/list` with them; a change is announced with `roots/list_changed`.
 */
export class McpRoots {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  list(serverId: string): McpRoot[] {
    const rows = this.db.prepare('SELECT uri, name FROM mcp_server_roots WHERE server_id = ? ORDER BY position').all(serverId) as { uri: string; name: string | null }[];
    return rows.map((row) => ({ uri: row.uri, name: row.name, path: fileURLToPath(row.uri) }));
  }

  /** Replaces the server's roots (the same directory given twice is kept once). */
  set(serverId: string, roots: McpRootInput[]): McpRoot[] {
    const unique = new Map<string, string | null>();
    for (const root of roots) {
      const uri = uriOf(root.path.trim());
      if (!unique.has(uri)) unique.set(uri, root.name?.trim() || null);
    }
    const insert = this.db.prepare('INSERT INTO mcp_server_roots (server_id, position, uri, name) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM mcp_server_roots WHERE server_id = ?').run(serverId);
      [...unique].forEach(([uri, name], position) => insert.run(serverId, position, uri, name));
    })();
    return this.list(serverId);
  }
}
