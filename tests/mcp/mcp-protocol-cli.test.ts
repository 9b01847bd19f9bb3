/**
 * The protocol's commands on the real CLI binary against the real server-everything: ping, the
 * protocol view (human, JSON lines, --follow), and tools a one-shot command is not shown because it
 * offers no elicitation, listed as hidden and refused with mcp_capability_missing.
 */
import { describe, expect, it } from 'vitest';
import type { McpProtocolMessage } from '../../main/mcp/protocol-types.ts';
import type { McpToolList } from '../../main/mcp/types.ts';
import { everythingStdio } from '../fixtures/mcp/everything.ts';
import { crewship, spawnCrewship } from '../helpers/cli.ts';
import { callOk, openTestCore } from '../helpers/core.ts';
import { addServer } from '../helpers/mcp.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-mcp-protocol-cli-');
const CLI_TEST_TIMEOUT_MS = 120_000;

/** A data directory with server-everything, first connected by a core that offers elicitation (as the app does). */
async function seenByTheApp(): Promise<string> {
  const home = tempDir();
  const core = openTestCore(home, { mcp: { elicitations: true } });
  try {
    addServer(core, 'everything', everythingStdio());
    const { tools, hidden } = await callOk(core, 'mcp.tools.list', { server: 'everything' });
    expect(tools.map((tool) => tool.name)).toContain('trigger-elicitation-request');
    expect(hidden).toEqual([]);
  } finally {
    await core.close();
  }
  return home;
}

describe('crewship mcp ping, protocol and hidden tools', () => {
  it('pings with the round trip, and prints the connection’s messages as lines or JSON lines', async () => {
    const home = await seenByTheApp();
    const ping = crewship(home, 'mcp', 'ping', 'everything');
    expect(ping.code, ping.stderr).toBe(0);
    expect(ping.stdout).toMatch(/^pong from everything in \d+\.\d ms\n$/);
    expect(JSON.parse(crewship(home, 'mcp', 'ping', 'everything', '--json').stdout)).toEqual({ latencyMs: expect.any(Number) });

    const human = crewship(home, 'mcp', 'protocol', 'everything');
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/→ request +initialize +#0 +\d+ B/);
    expect(human.stdout).toMatch(/← response +initialize +#0 +\d+ B +\d+\.\d ms/);

    const jsonl = crewship(home, 'mcp', 'protocol', 'everything', '--jsonl', '--method', 'tools/', '--direction', 'in');
    expect(jsonl.code, jsonl.stderr).toBe(0);
    const lines = jsonl.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as McpProtocolMessage);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => line.direction === 'in' && line.method?.startsWith('tools/'))).toBe(true);
    expect(lines[0]?.body).toMatchObject({ result: { tools: expect.any(Array) } });

    expect(crewship(home, 'mcp', 'protocol', 'everything', '--direction', 'sideways').code).toBe(2);

    // A server that fails: how far it got, then why, and exit 1.
    expect(crewship(home, 'mcp', 'add', 'ghost', '--command', '/nonexistent/ghost').code).toBe(0);
    const ghost = crewship(home, 'mcp', 'protocol', 'ghost');
    expect(ghost.code).toBe(1);
    expect(ghost.stderr).toContain('[mcp_command_not_found]');
  }, CLI_TEST_TIMEOUT_MS);

  it('--follow keeps printing the connection’s messages until Ctrl+C', async () => {
    const home = await seenByTheApp();
    const follow = spawnCrewship(home, 'mcp', 'protocol', 'everything', '--follow', '--jsonl');
    await follow.waitFor(/"method":"initialize"/);
    follow.child.kill('SIGINT');
    expect(await follow.exited).toBe(0);
  }, CLI_TEST_TIMEOUT_MS);

  it('lists the tools a one-shot command is not shown as hidden with what they need, and refuses a call to one with mcp_capability_missing', async () => {
    const home = await seenByTheApp();
    const listed = crewship(home, 'mcp', 'tools', 'everything', '--json');
    expect(listed.code, listed.stderr).toBe(0);
    const list = JSON.parse(listed.stdout) as McpToolList;
    expect(list.tools.map((tool) => tool.name)).not.toContain('trigger-elicitation-request');
    expect(list.hidden).toContainEqual(expect.objectContaining({ name: 'trigger-elicitation-request', needs: ['elicitation'] }));
    // What the CLI lists too needs nothing more, and is not hidden.
    expect(list.hidden.map((tool) => tool.name)).not.toContain('echo');

    expect(crewship(home, 'mcp', 'tools', 'everything').stdout).toContain('hidden: trigger-elicitation-request (needs elicitation');
    const call = crewship(home, 'mcp', 'call', 'everything', 'trigger-elicitation-request', '--json');
    expect(call.code).toBe(1);
    expect(JSON.parse(call.stdout)).toMatchObject({ error: { code: 'mcp_capability_missing', message: expect.stringContaining('only to a client that offers elicitation') } });
  }, CLI_TEST_TIMEOUT_MS);
});
