import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { everythingEntry, fixture } from '../fixtures/mcp/everything.ts';
import { crewship } from '../helpers/cli.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-mcp-cli-');

function withEverything(home: string) {
  const added = crewship(home, 'mcp', 'add', 'everything', '--command', process.execPath, '--arg', everythingEntry, '--arg', 'stdio', '--env', 'GREETING=hello');
  expect(added.code, added.stderr).toBe(0);
}

/** Each test spawns the CLI a dozen times; under a loaded machine that takes a while. */
const CLI_TEST_TIMEOUT_MS = 120_000;

describe('crewship mcp', () => {
  it('adds stdio and remote servers, lists, edits, enables, disables and removes them', () => {
    const home = tempDir();
    withEverything(home);
    const remote = crewship(home, 'mcp', 'add', 'remote', '--url', 'https://mcp.example.com/mcp', '--transport', 'sse', '--header', 'X-Org: acme', '--json');
    expect(remote.code, remote.stderr).toBe(0);
    expect(JSON.parse(remote.stdout)).toMatchObject({ name: 'remote', transport: { type: 'sse', url: 'https://mcp.example.com/mcp', headers: { 'X-Org': 'acme' } } });

    const listed = JSON.parse(crewship(home, 'mcp', 'list', '--json').stdout) as Array<{ name: string; enabled: boolean; transport: { type: string } }>;
    expect(listed.map((server) => [server.name, server.transport.type, server.enabled])).toEqual([
      ['everything', 'stdio', true],
      ['remote', 'sse', true],
    ]);
    expect(crewship(home, 'mcp', 'edit', 'remote', '--url', 'https://other.example.com/mcp', '--transport', 'streamable-http').code).toBe(0);
    expect(JSON.parse(crewship(home, 'mcp', 'show', 'remote', '--json').stdout)).toMatchObject({ transport: { type: 'streamable-http', url: 'https://other.example.com/mcp', headers: { 'X-Org': 'acme' } } });
    expect(crewship(home, 'mcp', 'disable', 'remote').stdout).toContain('remote is disabled');
    expect(crewship(home, 'mcp', 'enable', 'remote').stdout).toContain('remote is enabled');
    expect(crewship(home, 'mcp', 'remove', 'remote').code).toBe(0);
    expect(crewship(home, 'mcp', 'show', 'remote').code).toBe(1);

    // Bad input is exit 2, with the problem named.
    expect(crewship(home, 'mcp', 'add', 'x').code).toBe(2);
    expect(crewship(home, 'mcp', 'add', 'x', '--command', 'y', '--env', 'NOEQUALS').stderr).toContain('--env "NOEQUALS"');
    expect(crewship(home, 'mcp', 'add', 'x', '--url', 'https://x/mcp', '--transport', 'websocket').code).toBe(2);
    expect(crewship(home, 'mcp', 'add', 'x', '--url', 'ftp://x').code).toBe(2);
    expect(crewship(home, 'mcp', 'add', 'x', '--command', 'y', '--credential', 'cred_1', '--inject', 'magic').code).toBe(2);
  }, CLI_TEST_TIMEOUT_MS);

  it('tools and call connect the one server they need; call prints text, --json the whole result, and exits 1 on isError', () => {
    const home = tempDir();
    withEverything(home);
    // A second, broken server: a command that does not need it never tries to start it.
    expect(crewship(home, 'mcp', 'add', 'ghost', '--command', '/nonexistent/ghost').code).toBe(0);

    const tools = crewship(home, 'mcp', 'tools', 'everything', '--json');
    expect(tools.code, tools.stderr).toBe(0);
    expect((JSON.parse(tools.stdout) as { tools: Array<{ name: string }> }).tools.map((tool) => tool.name)).toContain('get-sum');

    const sum = crewship(home, 'mcp', 'call', 'everything', 'get-sum', '--args', '{"a":40,"b":2}');
    expect(sum).toMatchObject({ code: 0, stdout: 'The sum of 40 and 2 is 42.\n' });
    const whole = crewship(home, 'mcp', 'call', 'everything', 'get-structured-content', '--args', '{"location":"Chicago"}', '--json');
    expect(JSON.parse(whole.stdout)).toMatchObject({ status: 'succeeded', result: { structuredContent: { temperature: expect.any(Number) }, outputValidation: { valid: true } } });

    const progress = crewship(home, 'mcp', 'call', 'everything', 'trigger-long-running-operation', '--args', '{"duration":1,"steps":2}');
    expect(progress.code).toBe(0);
    expect(progress.stderr).toContain('progress: 1 of 2');

    const toolError = crewship(home, 'mcp', 'call', 'everything', 'no-such-tool');
    expect(toolError.code).toBe(1);
    expect(toolError.stderr).toContain('no-such-tool');
    expect(crewship(home, 'mcp', 'call', 'everything', 'echo', '--args', '[1]').code).toBe(2);
    expect(crewship(home, 'mcp', 'call', 'ghost', 'echo').stderr).toContain('mcp_command_not_found');

    const history = JSON.parse(crewship(home, 'mcp', 'history', '--json').stdout) as Array<{ tool: string; status: string; actor: string }>;
    expect(history.map((call) => [call.tool, call.status])).toEqual([
      ['echo', 'failed'],
      ['no-such-tool', 'tool_error'],
      ['trigger-long-running-operation', 'succeeded'],
      ['get-structured-content', 'succeeded'],
      ['get-sum', 'succeeded'],
    ]);
    expect(history.every((call) => call.actor === 'cli')).toBe(true);

    const stats = JSON.parse(crewship(home, 'mcp', 'stats', '--json').stdout) as { calls: number; failed: number; running: number };
    expect(stats).toMatchObject({ calls: 5, failed: 2, running: 0 });
    expect(crewship(home, 'mcp', 'stats').stdout).toMatch(/^5 tool calls in the last 24 hours \(2 failed, median \d+ ms\)\.\n$/);
    expect(crewship(home, 'mcp', 'stats', '--hours', '0')).toMatchObject({ code: 2 });
  }, CLI_TEST_TIMEOUT_MS);

  it('status connects and reports, exiting 1 when a server failed', () => {
    const home = tempDir();
    expect(crewship(home, 'mcp', 'add', 'minimal', '--command', process.execPath, '--arg', fixture('minimal-server.mjs')).code).toBe(0);
    const ok = crewship(home, 'mcp', 'status', '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject([{ name: 'minimal', state: 'ready', toolCount: 1 }]);
    crewship(home, 'mcp', 'add', 'ghost', '--command', '/nonexistent/ghost');
    const failed = crewship(home, 'mcp', 'status');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/ghost\s+failed\s+0/);
  }, CLI_TEST_TIMEOUT_MS);

  it('imports and exports .mcp.json per crew and agent; a malformed file is exit 2 with its line and column', () => {
    const home = tempDir();
    expect(crewship(home, 'crew', 'create', 'Ops').code).toBe(0);
    expect(crewship(home, 'agent', 'create', 'Scout', '--crew', 'ops').code).toBe(0);
    const crewFile = join(home, 'crew.mcp.json');
    writeFileSync(crewFile, JSON.stringify({ mcpServers: { fs: { command: 'mcp-fs', args: ['/data'] }, web: { type: 'http', url: 'https://web.example/mcp' } } }));
    const agentFile = join(home, 'agent.mcp.json');
    writeFileSync(agentFile, JSON.stringify({ mcpServers: { fs: { command: 'mcp-fs', args: ['/scout'] } } }));
    expect(crewship(home, 'mcp', 'import', crewFile, '--crew', 'ops').stdout).toBe('created: fs, web\n');
    expect(crewship(home, 'mcp', 'import', agentFile, '--agent', 'scout', '--json').stdout).toContain('"created"');

    const merged = JSON.parse(crewship(home, 'mcp', 'export', '--agent', 'scout').stdout) as { mcpServers: Record<string, { args?: string[] }> };
    expect(merged.mcpServers['fs']?.args).toEqual(['/scout']);
    expect(Object.keys(merged.mcpServers)).toEqual(['fs', 'web']);
    const written = crewship(home, 'mcp', 'export', '--agent', 'scout', '--write');
    expect(written.stdout).toContain(join(home, 'crew', 'agents', 'scout', '.mcp.json'));
    expect(JSON.parse(readFileSync(join(home, 'crew', 'agents', 'scout', '.mcp.json'), 'utf8'))).toEqual(merged);

    const broken = join(home, 'broken.json');
    writeFileSync(broken, '{\n  "mcpServers": {\n    "x": { "command": 42 }\n  }\n}\n');
    const refused = crewship(home, 'mcp', 'import', broken, '--crew', 'ops');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${broken}:3:23:`);
    expect(JSON.parse(crewship(home, 'mcp', 'list', '--json').stdout)).toHaveLength(3);
  }, CLI_TEST_TIMEOUT_MS);
});
