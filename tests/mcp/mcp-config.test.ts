import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { mcpAutoBinder } from '../../main/mcp/auto-binder.ts';
import { openTestCore } from '../helpers/core.ts';
import { addServer, insertCredential } from '../helpers/mcp.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-mcp-config-');
let core: Core | undefined;

afterEach(async () => {
  await core?.close();
  core = undefined;
});

function setUp() {
  core = openTestCore(tempDir());
  const crew = core.crews.create({ name: 'Night Ops' }, 'ui');
  const scout = core.agents.create({ crew: crew.id, name: 'Scout' }, 'ui');
  const other = core.agents.create({ crew: crew.id, name: 'Other' }, 'ui');
  return { core, crew, scout, other };
}

const stdio = (command: string, args: string[] = []) => ({ type: 'stdio' as const, command, args, env: {}, cwd: null });
const errorOf = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('it did not fail');
};

describe('MCP server configs', () => {
  it('creates, edits, duplicates, enables, disables and deletes, with an audit entry for each', () => {
    const { core } = setUp();
    const created = addServer(core, 'github', { type: 'streamable-http', url: 'https://mcp.example.com/mcp', headers: { 'X-Org': 'acme' } }, { provider: 'github', connectTimeoutMs: 5000 });
    expect(created).toMatchObject({ name: 'github', scope: { kind: 'workspace' }, enabled: true, provider: 'github', connectTimeoutMs: 5000, credential: null });

    const edited = core.mcp.servers.update({ server: 'github', name: 'github-main', transport: { type: 'sse', url: 'https://mcp.example.com/sse', headers: {} } }, 'ui');
    expect(edited).toMatchObject({ id: created.id, name: 'github-main', transport: { type: 'sse' }, provider: 'github', connectTimeoutMs: 5000 });

    const copy = core.mcp.servers.duplicate({ server: created.id }, 'ui');
    expect(copy).toMatchObject({ name: 'github-main-copy', enabled: false, transport: edited.transport, provider: 'github' });
    expect(core.mcp.servers.duplicate({ server: created.id }, 'ui').name).toBe('github-main-copy-2');

    expect(core.mcp.servers.setEnabled({ server: created.id, enabled: false }, 'ui').enabled).toBe(false);
    expect(core.mcp.servers.setEnabled({ server: created.id, enabled: true }, 'ui').enabled).toBe(true);
    core.mcp.servers.delete({ server: copy.id }, 'ui');
    expect(core.mcp.servers.list().map((server) => server.name)).toEqual(['github-main', 'github-main-copy-2']);

    const actions = core.audit.recent(50).map((entry) => entry.action);
    expect(actions.filter((action) => action === 'mcp.server.create')).toHaveLength(3);
    expect(actions).toContain('mcp.server.update');
    expect(actions).toContain('mcp.server.delete');
  });

  it('keeps names unique per scope, and refuses an ambiguous name with the scopes that share it', () => {
    const { core, crew, scout } = setUp();
    addServer(core, 'fs', stdio('mcp-fs'));
    addServer(core, 'fs', stdio('mcp-fs'), { scope: { kind: 'crew', crew: crew.slug } });
    addServer(core, 'fs', stdio('mcp-fs'), { scope: { kind: 'agent', agent: scout.slug } });
    expect(errorOf(() => addServer(core, 'fs', stdio('other'), { scope: { kind: 'crew', crew: crew.id } }))).toMatchObject({ code: 'mcp_server_name_taken' });
    const ambiguous = errorOf(() => core.mcp.servers.get('fs'));
    expect(ambiguous.code).toBe('mcp_server_ambiguous');
    expect(ambiguous.message).toContain('the workspace, crew night-ops, agent scout');
    expect(errorOf(() => core.mcp.servers.get('nope')).code).toBe('mcp_server_not_found');
    expect(core.mcp.servers.list({ scope: { kind: 'agent', agent: 'scout' } })).toHaveLength(1);
  });

  it('refuses an injection that does not fit the transport, and a credential that does not exist', () => {
    const { core } = setUp();
    const credentialId = insertCredential(core, 'tok_1234567890');
    expect(errorOf(() => addServer(core, 'a', stdio('x'), { credential: { credentialId, injection: { kind: 'bearer' } } })).code).toBe('mcp_injection_mismatch');
    expect(
      errorOf(() => addServer(core, 'b', { type: 'sse', url: 'http://x/sse', headers: {} }, { credential: { credentialId, injection: { kind: 'env', variable: 'T' } } })).code,
    ).toBe('mcp_injection_mismatch');
    expect(errorOf(() => addServer(core, 'c', stdio('x'), { credential: { credentialId: 'cred_nope', injection: { kind: 'env', variable: 'T' } } })).code).toBe(
      'credential_not_found',
    );
  });

  it('binds credentials by provider for auto-bind, and says which servers use a credential', () => {
    const { core, crew } = setUp();
    addServer(core, 'github', { type: 'streamable-http', url: 'https://gh.example/mcp', headers: {} }, { provider: 'github' });
    addServer(core, 'github-local', stdio('gh-mcp'), { provider: 'github', scope: { kind: 'crew', crew: crew.id } });
    addServer(core, 'slack', stdio('slack-mcp'), { provider: 'slack' });
    const credentialId = insertCredential(core, 'gho_abcdef123456', { label: 'GitHub (ops)' });
    const binder = mcpAutoBinder(core.mcp.servers);
    const bound = binder.bindProvider('github', credentialId, 'system');
    expect(bound.map((server) => [server.serverName, server.scope])).toEqual([
      ['github', 'the workspace'],
      ['github-local', 'crew night-ops'],
    ]);
    expect(core.mcp.servers.get('github').credential).toMatchObject({ credentialId, credentialLabel: 'GitHub (ops)', injection: { kind: 'bearer' }, variable: 'GITHUB_TOKEN' });
    expect(core.mcp.servers.get('github-local').credential).toMatchObject({ injection: { kind: 'env', variable: 'GITHUB_LOCAL_TOKEN' } });
    expect(core.mcp.servers.get('slack').credential).toBeNull();
    expect(binder.boundTo(credentialId).map((server) => server.serverName)).toEqual(['github', 'github-local']);
    expect(core.mcp.servers.bindCredential('github', null, undefined, 'ui').credential).toBeNull();
  });
});

describe('.mcp.json import, merge and export', () => {
  const crewFile = JSON.stringify({
    mcpServers: {
      github: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_TOKEN: '${GH_TOKEN}' } },
      memory: { command: 'mcp-server-memory' },
      search: { type: 'http', url: 'https://search.example/mcp' },
    },
  });
  const agentFile = JSON.stringify({
    mcpServers: {
      github: { type: 'http', url: 'https://gh.example/mcp', headers: { Authorization: 'Bearer ${GH_TOKEN}' } },
      notes: { command: 'notes-mcp', args: ['--readonly'] },
    },
  });

  it('merges per agent (agent over crew over workspace) and writes the merged file with placeholders', () => {
    const { core, crew, scout, other } = setUp();
    addServer(core, 'memory', stdio('workspace-memory'));
    addServer(core, 'audit', stdio('audit-mcp'));
    expect(core.mcp.files.import({ scope: { kind: 'crew', crew: crew.slug }, text: crewFile, allowEnv: ['GH_TOKEN'] }, 'cli')).toEqual({ created: ['github', 'memory', 'search'], updated: [], unchanged: [] });
    expect(core.mcp.files.import({ scope: { kind: 'agent', agent: 'scout' }, text: agentFile, allowEnv: ['GH_TOKEN'] }, 'cli')).toEqual({ created: ['github', 'notes'], updated: [], unchanged: [] });
    // An agent turns a crew server off with a disabled entry of the same name.
    addServer(core, 'search', { type: 'streamable-http', url: 'https://search.example/mcp', headers: {} }, { scope: { kind: 'agent', agent: scout.id }, enabled: false });

    const forScout = core.mcp.servers.resolveForAgent('scout').resolved;
    expect(forScout.map((server) => [server.name, server.scope.kind, server.shadows.length])).toEqual([
      ['audit', 'workspace', 0],
      ['github', 'agent', 1],
      ['memory', 'crew', 1],
      ['notes', 'agent', 0],
    ]);
    const forOther = core.mcp.servers.resolveForAgent(other.id).resolved;
    expect(forOther.map((server) => [server.name, server.scope.kind])).toEqual([
      ['audit', 'workspace'],
      ['github', 'crew'],
      ['memory', 'crew'],
      ['search', 'crew'],
    ]);

    const written = core.mcp.files.writeAgentFile('scout', 'cli');
    expect(written).toEqual({ path: `${core.dataDir}/crew/agents/scout/.mcp.json`, serverCount: 4 });
    const file = JSON.parse(readFileSync(written.path, 'utf8')) as { mcpServers: Record<string, unknown> };
    expect(Object.keys(file.mcpServers)).toEqual(['audit', 'github', 'memory', 'notes']);
    expect(file.mcpServers['github']).toEqual({ type: 'http', url: 'https://gh.example/mcp', headers: { Authorization: 'Bearer ${GH_TOKEN}' } });
    expect(file.mcpServers['memory']).toEqual({ command: 'mcp-server-memory' });
    expect(readFileSync(written.path, 'utf8')).toBe(core.mcp.files.export({ scope: { kind: 'agent', agent: 'scout' }, merged: true }).json);

    const crewOnly = JSON.parse(core.mcp.files.export({ scope: { kind: 'crew', crew: crew.id }, merged: true }).json) as { mcpServers: Record<string, unknown> };
    expect(crewOnly.mcpServers).toEqual(JSON.parse(crewFile).mcpServers);
    const scoutOnly = JSON.parse(core.mcp.files.export({ scope: { kind: 'agent', agent: 'scout' }, merged: false }).json) as { mcpServers: Record<string, unknown> };
    expect(Object.keys(scoutOnly.mcpServers)).toEqual(['github', 'notes']);
  });

  it('re-importing replaces entries of the same name and keeps the rest', () => {
    const { core, crew } = setUp();
    core.mcp.files.import({ scope: { kind: 'crew', crew: crew.id }, text: crewFile, allowEnv: ['GH_TOKEN'] }, 'cli');
    const memoryId = core.mcp.servers.list({ scope: { kind: 'crew', crew: crew.id } }).find((server) => server.name === 'memory')?.id;
    const changed = JSON.stringify({ mcpServers: { ...JSON.parse(crewFile).mcpServers, memory: { command: 'mcp-server-memory', env: { MEMORY_FILE_PATH: '/tmp/m.jsonl' } } } });
    expect(core.mcp.files.import({ scope: { kind: 'crew', crew: crew.id }, text: changed }, 'cli')).toEqual({ created: [], updated: ['memory'], unchanged: ['github', 'search'] });
    const memory = core.mcp.servers.get(memoryId as string);
    expect(memory.transport).toMatchObject({ env: { MEMORY_FILE_PATH: '/tmp/m.jsonl' } });
  });

  it('refuses a malformed file with its line and column, and nothing stored changes', () => {
    const { core, crew } = setUp();
    core.mcp.files.import({ scope: { kind: 'crew', crew: crew.id }, text: crewFile, allowEnv: ['GH_TOKEN'] }, 'cli');
    const before = JSON.stringify([core.mcp.servers.list(), core.audit.recent(1000)]);
    const broken = '{\n  "mcpServers": {\n    "memory": { "command": "changed" },\n    "new-one": { "command": "x", "args": [1, 2] }\n  }\n}\n';
    const error = errorOf(() => core.mcp.files.import({ scope: { kind: 'crew', crew: crew.id }, text: broken, fileName: 'crew/.mcp.json' }, 'cli'));
    expect(error.code).toBe('mcp_json_malformed');
    expect(error.message).toMatch(/^crew\/\.mcp\.json:4:43: mcpServers\.new-one: args\.0: /);
    const syntax = errorOf(() => core.mcp.files.import({ scope: { kind: 'crew', crew: crew.id }, text: '{"mcpServers": {"memory": {"command": "changed"},}}' }, 'cli'));
    expect(syntax.message).toMatch(/^\.mcp\.json:1:50: /);
    expect(JSON.stringify([core.mcp.servers.list(), core.audit.recent(1000)])).toBe(before);
  });
});
