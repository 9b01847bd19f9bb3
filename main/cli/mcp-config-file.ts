import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors/app-error.ts';
import { requireJsonDepth } from '../errors/json-depth.ts';

/**
 * Puts the endpoint's entry into `<dir>/.mcp.json`: a new file, or an existing one with its other
 * servers kept (the agent may run some itself). Written whole under a temporary name, then moved.
 */
export function writeMcpConfig(dir: string, json: string): string {
  const path = join(dir, '.mcp.json');
  const ours = (JSON.parse(json) as { mcpServers: Record<string, unknown> }).mcpServers;
  let existing: { mcpServers?: Record<string, unknown> } = {};
  if (existsSync(path)) {
    try {
      existing = JSON.parse(readFileSync(path, 'utf8')) as typeof existing;
      requireJsonDepth(existing, path);
    } catch (cause) {
      if (cause instanceof AppError) throw cause;
      throw new AppError('invalid_json', `${path} is not valid JSON, so the crewship entry was not added to it.`, 'Fix or remove the file, then write again.', { cause });
    }
  }
  const merged = { ...existing, mcpServers: { ...existing.mcpServers, ...ours } };
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(merged, null, 2)}\n`, { mode: 0o644 });
  renameSync(temporary, path);
  return path;
}
