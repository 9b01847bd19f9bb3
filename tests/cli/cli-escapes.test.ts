import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture } from '../fixtures/mcp/everything.ts';
import { crewship } from '../helpers/cli.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-cli-escapes-');

/** An OSC title change and a screen clear, a C1 CSI, DEL, and bidi overrides that would reverse what follows. */
const HOSTILE = '\u001b]0;pwned\u0007\u001b[2J\u009b31m\u007f\u202eexe.txt\u202c\u2066';
/** How a person sees HOSTILE in the CLI's human output. */
const SHOWN = '\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\x7f\\u202eexe.txt\\u202c\\u2066';
/** Every character a terminal would act on, or that reorders text, except the newline the CLI lays out with and a tab. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** `text` as a regular expression that matches it literally. */
const pattern = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function expectNoRawControls(run: { stdout: string; stderr: string }): void {
  expect(run.stdout).not.toMatch(RAW_CONTROL);
  expect(run.stderr).not.toMatch(RAW_CONTROL);
}

/** Each test spawns the CLI a dozen times and connects stdio servers; under a loaded machine that takes a while. */
const CLI_TEST_TIMEOUT_MS = 120_000;

function addEscapesServer(home: string, name: string, env: string[] = []): void {
  const args = ['--command', process.execPath, '--arg', fixture('escapes-server.mjs'), '--arg', HOSTILE, '--env', `HOSTILE_TEXT=${HOSTILE}`];
  const added = crewship(home, 'mcp', 'add', name, ...args, ...env.flatMap((pair) => ['--env', pair]));
  expect(added.code, added.stderr).toBe(0);
}

describe('the CLI shows control characters as escapes in what people read, and --json keeps them exact', () => {
  it('crew and agent names: create, list, show, rename', () => {
    const home = tempDir();
    const created = crewship(home, 'crew', 'create', `Ops ${HOSTILE}`, '--slug', 'ops');
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toBe(`Created crew Ops ${SHOWN} (ops).\n`);
    const agent = crewship(home, 'agent', 'create', `Scout ${HOSTILE}`, '--crew', 'ops', '--slug', 'scout');
    expect(agent.code, agent.stderr).toBe(0);

    const reads = [
      agent,
      crewship(home, 'crew', 'list'),
      crewship(home, 'crew', 'show', 'ops'),
      crewship(home, 'agent', 'list'),
      crewship(home, 'agent', 'show', 'scout'),
      crewship(home, 'agent', 'rename', 'scout', `Scout again ${HOSTILE}`),
    ];
    for (const run of reads) {
      expect(run.code, run.stderr).toBe(0);
      expectNoRawControls(run);
      expect(run.stdout).toContain(SHOWN);
    }
    expect(reads[1]?.stdout).toMatch(new RegExp(`^ops +Ops ${pattern(SHOWN)} +1 +crew_`, 'm'));

    expect(JSON.parse(crewship(home, 'crew', 'list', '--json').stdout)).toMatchObject([{ name: `Ops ${HOSTILE}` }]);
    expect(JSON.parse(crewship(home, 'agent', 'show', 'scout', '--json').stdout)).toMatchObject({ name: `Scout again ${HOSTILE}`, crewName: `Ops ${HOSTILE}` });
  });

  it('MCP server configs, and what a server supplies: tool names and descriptions, results, progress, errors, stderr', () => {
    const home = tempDir();
    addEscapesServer(home, 'escapes');
    addEscapesServer(home, 'broken', ['EXIT_AT_START=1']);

    const list = crewship(home, 'mcp', 'list');
    const show = crewship(home, 'mcp', 'show', 'escapes');
    for (const run of [list, show]) {
      expect(run.code, run.stderr).toBe(0);
      expectNoRawControls(run);
    }
    expect(list.stdout).toContain(`escapes-server.mjs ${SHOWN}`);
    expect(show.stdout).toContain(`  env: HOSTILE_TEXT=${SHOWN}\n`);

    const tools = crewship(home, 'mcp', 'tools', 'escapes');
    expect(tools.code, tools.stderr).toBe(0);
    expectNoRawControls(tools);
    expect(tools.stdout).toMatch(/^report +Reports .* twice$/m);
    expect(tools.stdout).toContain(`named ${SHOWN}`);
    expect(tools.stdout).toContain(`A tool named ${SHOWN}`);
    const toolsJson = JSON.parse(crewship(home, 'mcp', 'tools', 'escapes', '--json').stdout) as { tools: Array<{ name: string; description: string }> };
    expect(toolsJson.tools.map((tool) => tool.name)).toContain(`named ${HOSTILE}`);
    expect(toolsJson.tools.find((tool) => tool.name === 'report')?.description).toBe(`Reports ${HOSTILE} twice\nsecond line`);

    const status = crewship(home, 'mcp', 'status');
    expect(status.code).toBe(1);
    expectNoRawControls(status);
    expect(status.stdout).toMatch(/^escapes +ready/m);
    expect(status.stdout).toContain(`escapes-server: ${SHOWN}`);
    const statusJson = JSON.parse(crewship(home, 'mcp', 'status', '--json').stdout) as Array<{ name: string; error: { message: string } | null; serverInfo: { name: string } | null; instructions: string | null }>;
    expect(statusJson.find((s) => s.name === 'broken')?.error?.message).toContain(`escapes-server: ${HOSTILE}`);
    expect(statusJson.find((s) => s.name === 'escapes')).toMatchObject({ serverInfo: { name: `escapes ${HOSTILE}` }, instructions: `Instructions ${HOSTILE}` });

    const notReady = crewship(home, 'mcp', 'tools', 'broken');
    expect(notReady.code).toBe(1);
    expectNoRawControls(notReady);
    expect(notReady.stderr).toContain(`escapes-server: ${SHOWN}`);

    // A result's lines and tabs are the tool's layout and stay; progress and isError text go to stderr, escaped too.
    const call = crewship(home, 'mcp', 'call', 'escapes', 'report');
    expect(call.code, call.stderr).toBe(0);
    expectNoRawControls(call);
    expect(call.stdout).toBe(`first ${SHOWN}\n\tindented ${SHOWN}\n`);
    expect(call.stderr).toContain(`progress: 1 of 2 — halfway ${SHOWN}\n`);
    const callJson = JSON.parse(crewship(home, 'mcp', 'call', 'escapes', 'report', '--json').stdout) as { result: { content: Array<{ text: string }> } };
    expect(callJson.result.content[0]?.text).toBe(`first ${HOSTILE}\n\tindented ${HOSTILE}`);

    const named = crewship(home, 'mcp', 'call', 'escapes', `named ${HOSTILE}`);
    expect(named).toMatchObject({ code: 0, stdout: 'named tool ran\n' });
    const refused = crewship(home, 'mcp', 'call', 'escapes', 'refuse');
    expect(refused.code).toBe(1);
    expectNoRawControls(refused);
    expect(refused.stderr).toBe(`refused ${SHOWN}\n`);

    const history = crewship(home, 'mcp', 'history');
    expect(history.code, history.stderr).toBe(0);
    expectNoRawControls(history);
    expect(history.stdout).toContain(`named ${SHOWN}`);
  }, CLI_TEST_TIMEOUT_MS);

  it('error messages and hints: a .mcp.json naming a server with escapes, an unknown option', () => {
    const home = tempDir();
    const file = join(home, 'hostile.mcp.json');
    writeFileSync(file, JSON.stringify({ mcpServers: { [`x${HOSTILE}`]: { command: 'mcp-fs' } } }));
    const refused = crewship(home, 'mcp', 'import', file);
    expect(refused.code).toBe(2);
    expectNoRawControls(refused);
    expect(refused.stderr).toMatch(new RegExp(`^error: .*"x${pattern(SHOWN)}" is not a usable server name.*\\n`));
    expect(refused.stderr).toMatch(/\nhint: .+\n$/);

    const refusedJson = crewship(home, 'mcp', 'import', file, '--json');
    expect(refusedJson.code).toBe(2);
    expect((JSON.parse(refusedJson.stdout) as { error: { message: string } }).error.message).toContain(`"x${HOSTILE}" is not a usable server name`);

    const usage = crewship(home, 'crew', 'list', `--${HOSTILE}`);
    expect(usage.code).toBe(2);
    expectNoRawControls(usage);
    expect(usage.stderr).toContain(`error: unknown option '--${SHOWN}'\n`);
  });
});
