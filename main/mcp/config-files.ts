import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Actor } from '../audit/audit-log.ts';
import type { AgentsService } from '../agents/agents-service.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { ScopeInput } from './inputs.ts';
import { formatMcpJson, parseMcpJson, toMcpJsonEntry } from './mcp-json.ts';
import type { McpServersService } from './servers-service.ts';
import type { McpExport, McpImportReport, McpImportVariable, McpServerConfig } from './types.ts';

/**
 * `.mcp.json` in and out: import into a scope, export a scope (or an agent's merged view), and
 * write an agent's merged file where the agent reads it. Exports carry placeholders, never secrets.
 */
export class McpConfigFiles {
  private readonly servers: McpServersService;
  private readonly agents: AgentsService;
  private readonly audit: AuditLog;
  private readonly dataDir: string;

  constructor(deps: { servers: McpServersService; agents: AgentsService; audit: AuditLog; dataDir: string }) {
    this.servers = deps.servers;
    this.agents = deps.agents;
    this.audit = deps.audit;
    this.dataDir = deps.dataDir;
  }

  /**
   * The whole file is parsed and checked before anything is written: a malformed file, or one
   * whose placeholders would read variables not allowed (`allowEnv`), changes nothing.
   */
  import(input: { scope: ScopeInput; text: string; fileName?: string | undefined; allowEnv?: readonly string[] | undefined }, actor: Actor): McpImportReport {
    const entries = parseMcpJson(input.text, input.fileName);
    return this.servers.importEntries(input.scope, entries, input.allowEnv ?? [], actor);
  }

  /** What `import` would need allowed, so that a door can ask the operator first; nothing is written. */
  importVariables(input: { scope: ScopeInput; text: string; fileName?: string | undefined }): McpImportVariable[] {
    return this.servers.importVariables(input.scope, parseMcpJson(input.text, input.fileName));
  }

  /** Enabled servers only: the file says what an agent uses, and `mcpServers` has no "disabled". */
  export(input: { scope: ScopeInput; merged: boolean }): McpExport {
    const configs =
      input.scope.kind === 'agent' && input.merged
        ? this.servers.configsForAgent(input.scope.agent)
        : this.servers.list({ scope: input.scope }).filter((config) => config.enabled);
    return { json: render(configs), serverCount: configs.length };
  }

  writeAgentFile(agentReference: string, actor: Actor): { path: string; serverCount: number } {
    const agent = this.agents.get(agentReference);
    const { json, serverCount } = this.export({ scope: { kind: 'agent', agent: agent.id }, merged: true });
    const dir = join(this.dataDir, 'crew', 'agents', agent.slug);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, '.mcp.json');
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, json, { mode: 0o644 });
    renameSync(temporary, path);
    this.audit.append(actor, 'mcp.config.write_agent_file', agent.id, { slug: agent.slug, servers: serverCount });
    return { path, serverCount };
  }
}

function render(configs: McpServerConfig[]): string {
  return formatMcpJson(configs.map((config) => ({ name: config.name, entry: toMcpJsonEntry(config) })));
}
