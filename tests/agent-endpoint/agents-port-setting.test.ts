import { describe, expect, it } from 'vitest';
import { DEFAULT_AGENTS_PORT } from '../../main/preferences/preferences.ts';
import { crewship, crewshipWithEnv } from '../helpers/cli.ts';
import { callOk, callRefused, openTestCore } from '../helpers/core.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-agents-port-');

/** The URL an agent's .mcp.json names, printed by a CLI whose environment has no CREWSHIP_AGENTS_PORT unless given. */
function configuredUrl(home: string, env: Record<string, string> = { CREWSHIP_AGENTS_PORT: '' }): string {
  const printed = crewshipWithEnv(home, env, 'agent', 'mcp-config', 'scout');
  expect(printed.code, printed.stderr).toBe(0);
  return (JSON.parse(printed.stdout) as { mcpServers: { crewship: { url: string } } }).mcpServers.crewship.url;
}

describe("the agents' endpoint port as a setting", () => {
  it('is 47321 until the operator sets another, which the next start and the agents’ configs use; the environment wins over it', async () => {
    const home = tempDir();
    expect(crewship(home, 'crew', 'create', 'Night Ops', '--slug', 'ops').code).toBe(0);
    expect(crewship(home, 'agent', 'create', 'Scout', '--crew', 'ops', '--slug', 'scout').code).toBe(0);
    expect(configuredUrl(home)).toBe(`http://127.0.0.1:${DEFAULT_AGENTS_PORT}/agents/scout/mcp`);

    const core = openTestCore(home, { env: {} });
    expect(core.agentsPort.value).toBe(DEFAULT_AGENTS_PORT);
    expect((await callOk(core, 'preferences.update', { agentsPort: 48123 })).agentsPort).toBe(48123);
    // A running console keeps the port it started with: agents connected to it keep working.
    expect(core.agentsPort.value).toBe(DEFAULT_AGENTS_PORT);
    const refused = await callRefused(core, 'preferences.update', { agentsPort: 70_000 });
    expect(refused.code).toBe('invalid_input');
    expect((await callOk(core, 'preferences.get', {})).agentsPort).toBe(48123);
    await core.close();

    const restarted = openTestCore(home, { env: {} });
    expect(restarted.agentsPort.value).toBe(48123);
    await restarted.close();
    const fromEnv = openTestCore(home, { env: { CREWSHIP_AGENTS_PORT: '48200' } });
    expect(fromEnv.agentsPort.value).toBe(48200);
    await fromEnv.close();

    expect(configuredUrl(home)).toBe('http://127.0.0.1:48123/agents/scout/mcp');
    expect(configuredUrl(home, { CREWSHIP_AGENTS_PORT: '48200' })).toBe('http://127.0.0.1:48200/agents/scout/mcp');
  });
});
