import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentResolution } from '../../main/access/types.ts';
import type { ComposioBinding, ComposioBindingResult, ComposioDefaultConnector } from '../../main/composio/access-types.ts';
import type { ComposioStandIn } from '../fixtures/composio/stand-in.ts';
import { STAND_IN_KEYS } from '../fixtures/composio/stand-in.ts';
import { runCrewship } from '../helpers/cli.ts';
import { openTestCore } from '../helpers/core.ts';
import { addServer } from '../helpers/mcp.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { connectAccount, MORE_KEYS, openAccessCore, startAccessStandIn, toolsOf } from '../access/access-kit.ts';

/**
 * Agent access at the CLI door: the real `crewship` binary on a data directory whose accounts
 * were connected through the core (the real SDK, approved at the stand-in's consent page):
 * bind / bindings / unbind / --replace and their refusals, `agent resolve`, `agent prompt-block`,
 * and the default connector's zero, one and several users.
 */
let standIn: ComposioStandIn;
const tempDir = useTempDirs('crewship-composio-access-cli-');
// Each test spawns the CLI a few dozen times, on a machine other tests share.
const SLOW = 180_000;

beforeAll(async () => {
  standIn = await startAccessStandIn();
});
afterAll(async () => {
  await standIn.stop();
});

/** The CLI with the project key and the stand-in's address in its environment, as an operator's shell would have them. */
function cliFor(home: string, key: string) {
  return (args: string[], env: Record<string, string> = {}) => runCrewship(home, args, '', { COMPOSIO_API_KEY: key, COMPOSIO_BASE_URL: standIn.url, ...env });
}

const jsonOf = <T>(run: { stdout: string }): T => JSON.parse(run.stdout) as T;

describe('crewship integration composio bind | bindings | unbind', () => {
  it('binds with a scope per app, lists, refuses what it must with a code and a hint, replaces the user only with --replace, and unbinds', { timeout: SLOW }, async () => {
    const home = tempDir();
    const { core } = await openAccessCore(home, standIn, { key: STAND_IN_KEYS.alpha });
    const cli = cliFor(home, STAND_IN_KEYS.alpha);
    try {
      await connectAccount(core, standIn, 'gmail', 'user-a');
      await connectAccount(core, standIn, 'github', 'user-a');
      await connectAccount(core, standIn, 'gmail', 'user-b');
      const gmail = toolsOf(standIn, 'gmail');
      const github = toolsOf(standIn, 'github');

      const badScope = await cli(['integration', 'composio', 'bind', 'scout', '--user', 'user-a', '--app', 'gmail:reed']);
      expect(badScope.code).toBe(2);
      expect(badScope.stderr).toContain('[composio_app_scope_invalid]');
      expect(badScope.stderr).toContain('hint: Write each app with its scope: `--app gmail:read`');
      const noApp = await cli(['integration', 'composio', 'bind', 'scout', '--user', 'user-a']);
      expect(noApp.code).toBe(2);
      expect(noApp.stderr).toContain('[composio_app_scope_invalid]');
      const notConnected = await cli(['integration', 'composio', 'bind', 'scout', '--user', 'user-a', '--app', 'slack:read']);
      expect(notConnected.code).toBe(1);
      expect(notConnected.stderr).toContain('[composio_app_not_connected]');
      expect(notConnected.stderr).toContain('hint: Connect it first: `crewship integration composio connect slack --user user-a`.');

      const dryRun = await cli(['integration', 'composio', 'bind', 'scout', '--user', 'user-a', '--app', 'gmail:read', '--dry-run']);
      expect(dryRun.code, dryRun.stderr).toBe(0);
      expect(dryRun.stdout).toContain('Binding Scout (scout) to user user-a would change:');
      expect(await core.composio.listBindings('scout')).toEqual([]);
      const refusedDryRun = await cli(['integration', 'composio', 'bind', 'scout', '--user', 'user-a', '--app', 'gmail:read', '--app', 'slack:full', '--dry-run']);
      expect(refusedDryRun.code).toBe(1);
      expect(refusedDryRun.stderr).toContain('refused: User user-a has no ACTIVE connected account of slack. [composio_app_not_connected]');

      const bound = await cli(['integration', 'composio', 'bind', 'scout', '--user', 'user-a', '--app', 'gmail:read', '--app', 'github:full']);
      expect(bound.code, bound.stderr).toBe(0);
      expect(bound.stdout).toContain('Bound Scout (scout) to user user-a:');
      expect(bound.stdout).toMatch(new RegExp(`^gmail\\s+read\\s+added\\s+${gmail.read.length} \\(${gmail.other.length} not read-only, left out\\)$`, 'm'));
      expect(bound.stdout).toMatch(new RegExp(`^github\\s+full\\s+added\\s+${github.read.length + github.other.length}$`, 'm'));

      const listed = jsonOf<ComposioBinding[]>(await cli(['integration', 'composio', 'bindings', 'scout', '--json']));
      expect(listed.map((b) => [b.app, b.scope, b.userId, b.accountActive])).toEqual([
        ['github', 'full', 'user-a', true],
        ['gmail', 'read', 'user-a', true],
      ]);
      expect(listed.find((b) => b.app === 'gmail')?.tools.sort()).toEqual([...gmail.read].sort());
      const table = await cli(['integration', 'composio', 'bindings', 'scout']);
      expect(table.stdout).toContain('Scout (scout) is bound to user user-a:');
      expect(table.stdout).toMatch(new RegExp(`^gmail\\s+read\\s+${gmail.read.length}\\s+composio-gmail\\s+active$`, 'm'));

      const otherUser = await cli(['integration', 'composio', 'bind', 'scout', '--user', 'user-b', '--app', 'gmail:full']);
      expect(otherUser.code).toBe(1);
      expect(otherUser.stderr).toContain('[composio_binding_other_user]');
      expect(otherUser.stderr).toContain('`--replace`');
      expect((await core.composio.listBindings('scout')).map((b) => b.userId)).toEqual(['user-a', 'user-a']);

      const replaced = await cli(['integration', 'composio', 'bind', 'scout', '--user', 'user-b', '--app', 'gmail:full', '--replace', '--json']);
      expect(replaced.code, replaced.stderr).toBe(0);
      const result = jsonOf<ComposioBindingResult>(replaced);
      expect(result.bindings.map((b) => [b.app, b.scope, b.userId])).toEqual([['gmail', 'full', 'user-b']]);
      expect(result.preview.apps.map((app) => [app.app, app.change]).sort()).toEqual([
        ['github', 'remove'],
        ['gmail', 'add'],
        ['gmail', 'remove'],
      ]);
      for (const old of listed) expect(standIn.mcp.servers.has(old.composioServerId)).toBe(false);

      const notBound = await cli(['integration', 'composio', 'unbind', 'scout', '--app', 'github']);
      expect(notBound.code).toBe(1);
      expect(notBound.stderr).toContain('[composio_binding_not_found]');
      expect(notBound.stderr).toContain('hint: `crewship integration composio bindings scout` lists what it has.');
      const unbound = await cli(['integration', 'composio', 'unbind', 'scout', '--app', 'gmail']);
      expect(unbound.code, unbound.stderr).toBe(0);
      expect(unbound.stdout).toBe('Unbound scout from gmail.\n');
      expect((await cli(['integration', 'composio', 'bindings', 'scout'])).stdout).toContain('Agent scout has no Composio bindings');
      expect(standIn.mcp.servers.has(result.bindings[0]?.composioServerId ?? '')).toBe(false);
    } finally {
      await core.close();
    }
  });
});

const block = (...lines: string[]) =>
  [
    '[CONNECTED INTEGRATIONS]',
    'These integrations are connected and ready for you to use through their MCP tools:',
    ...lines.map((line) => `- ${line}`),
    'When a request involves one of them, use its matching tools directly; do not ask the user to set anything up first.',
    'Before saying that something is not possible or that you have no access, check the tools available for that app.',
    '[/CONNECTED INTEGRATIONS]',
    '',
  ].join('\n');

describe('crewship agent resolve | prompt-block', () => {
  it('prints each server with its kind, access and why, and the prompt block’s exact text for Composio and legacy servers; no block with none', { timeout: SLOW }, async () => {
    const home = tempDir();
    const { core } = await openAccessCore(home, standIn, { key: STAND_IN_KEYS.beta });
    const cli = cliFor(home, STAND_IN_KEYS.beta);
    try {
      const none = await cli(['agent', 'prompt-block', 'scout']);
      expect(none).toMatchObject({ code: 0, stdout: '' });
      expect(none.stderr).toContain('Nothing resolves for scout, so its prompt has no [CONNECTED INTEGRATIONS] block.');
      expect(jsonOf<{ text: string | null }>(await cli(['agent', 'prompt-block', 'scout', '--json'])).text).toBeNull();
      expect((await cli(['agent', 'resolve', 'scout'])).stdout).toContain('Nothing resolves for scout');

      await connectAccount(core, standIn, 'gmail', 'user-p');
      await connectAccount(core, standIn, 'github', 'user-p');
      expect((await cli(['integration', 'composio', 'bind', 'scout', '--user', 'user-p', '--app', 'gmail:read', '--app', 'github:full'])).code).toBe(0);
      addServer(core, 'notes', { type: 'stdio', command: process.execPath, args: ['--version'], env: {}, cwd: null });

      const resolved = await cli(['agent', 'resolve', 'scout']);
      expect(resolved.code, resolved.stderr).toBe(0);
      expect(resolved.stdout).toContain('Scout (scout), crew night-ops:');
      expect(resolved.stdout).toMatch(/^composio-github\s+Composio: github · Full\s+composio\s+full\s+user-p\s+its Composio binding$/m);
      expect(resolved.stdout).toMatch(/^composio-gmail\s+Composio: gmail · Read\s+composio\s+read\s+user-p\s+its Composio binding$/m);
      expect(resolved.stdout).toMatch(/^notes\s+notes\s+legacy\s+-\s+-\s+legacy, workspace scope$/m);
      expect(resolved.stdout).toContain('Default connector: off.');
      const json = jsonOf<AgentResolution>(await cli(['agent', 'resolve', 'scout', '--json']));
      expect(json.servers.map((s) => [s.name, s.kind, s.access, s.reason])).toEqual([
        ['composio-github', 'composio', 'full', 'binding'],
        ['composio-gmail', 'composio', 'read', 'binding'],
        ['notes', 'legacy', null, 'workspace'],
      ]);

      const text = await cli(['agent', 'prompt-block', 'scout']);
      expect(text).toMatchObject({ code: 0, stderr: '' });
      expect(text.stdout).toBe(block('Composio: github · Full', 'Composio: gmail · Read', 'notes'));
      // The other agent has only the legacy server.
      expect((await cli(['agent', 'prompt-block', 'sorter'])).stdout).toBe(block('notes'));
      const missing = await cli(['agent', 'resolve', 'nobody']);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('[agent_not_found]');
    } finally {
      await core.close();
    }
  });
});

describe('crewship integration composio default', () => {
  it('refuses zero users and several, provisions one, re-runs idempotently refreshing the apps, is overridden by a binding, and turns legacy servers off only while the flag is on', { timeout: SLOW }, async () => {
    const home = tempDir();
    const { core } = await openAccessCore(home, standIn, { key: MORE_KEYS.gamma, flag: 'true' });
    const on = { COMPOSIO_DEFAULT_CONNECTOR: 'true' };
    const cli = cliFor(home, MORE_KEYS.gamma);
    // Another console on the same Composio project: what it connects, this one has not seen.
    const { core: elsewhere } = await openAccessCore(tempDir(), standIn, { key: MORE_KEYS.gamma });
    try {
      const first = jsonOf<ComposioDefaultConnector>(await cli(['integration', 'composio', 'default', 'show', '--json'], on));
      expect(first).toMatchObject({ flag: true, keyConfigured: true, active: false, userId: null, serverId: null, connectedUsers: 0 });
      const off = await cli(['integration', 'composio', 'default', 'show']);
      expect(off.stdout).toContain('Flag:            COMPOSIO_DEFAULT_CONNECTOR off');

      const zero = await cli(['integration', 'composio', 'default', 'enable'], on);
      expect(zero.code).toBe(1);
      expect(zero.stderr).toContain('connect an account first. [composio_default_no_users]');
      expect(zero.stderr).toContain('hint: Connect one: `crewship integration composio connect <app> --user <user_id>`');

      await connectAccount(core, standIn, 'gmail', 'user-one');
      await connectAccount(core, standIn, 'slack', 'user-two');
      const several = await cli(['integration', 'composio', 'default', 'enable'], on);
      expect(several.code).toBe(1);
      expect(several.stderr).toContain('2 Composio users have connected accounts (user-one, user-two). [composio_default_several_users]');
      expect(several.stderr).toContain('hint: Pin the one the default connector acts for: `crewship integration composio default set <user_id>`.');

      const pinned = await cli(['integration', 'composio', 'default', 'set', 'user-one'], on);
      expect(pinned.code, pinned.stderr).toBe(0);
      expect(pinned.stdout).toContain('Pinned user-one: the default connector acts for them with gmail.');
      const provisioned = jsonOf<ComposioDefaultConnector>(await cli(['integration', 'composio', 'default', 'show', '--json'], on));
      expect(provisioned).toMatchObject({ active: true, userId: 'user-one', apps: ['gmail'], connectedUsers: 2, serverName: 'composio-default' });

      await connectAccount(elsewhere, standIn, 'github', 'user-one');
      const refreshed = await cli(['integration', 'composio', 'default', 'enable', '--json'], on);
      expect(refreshed.code, refreshed.stderr).toBe(0);
      const afterRefresh = jsonOf<ComposioDefaultConnector>(refreshed);
      expect(afterRefresh).toMatchObject({ apps: ['github', 'gmail'], serverId: provisioned.serverId, composioServerId: provisioned.composioServerId });
      expect(jsonOf<ComposioDefaultConnector>(await cli(['integration', 'composio', 'default', 'enable', '--json'], on))).toEqual(afterRefresh);
      const shown = await cli(['integration', 'composio', 'default', 'show'], on);
      expect(shown.stdout).toContain('Default user:    user-one');
      expect(shown.stdout).toContain('Apps:            github, gmail');
      expect(shown.stdout).toContain('Connected users: 2');

      addServer(core, 'notes', { type: 'stdio', command: process.execPath, args: ['--version'], env: {}, cwd: null });
      expect((await cli(['integration', 'composio', 'bind', 'scout', '--user', 'user-two', '--app', 'slack:full'], on)).code).toBe(0);
      const scout = jsonOf<AgentResolution>(await cli(['agent', 'resolve', 'scout', '--json'], on));
      expect(scout.servers.map((s) => [s.displayName, s.reason, s.userId])).toEqual([['Composio: slack · Full', 'binding', 'user-two']]);
      expect(scout.servers[0]?.shadows).toEqual([provisioned.serverId]);
      const sorter = await cli(['agent', 'resolve', 'sorter'], on);
      expect(sorter.stdout).toMatch(/^composio-default\s+Composio: github, gmail · Full\s+composio\s+full\s+user-one\s+the default connector \(no binding\)$/m);
      expect(sorter.stdout).toContain('Default connector: on.');
      expect(sorter.stdout).toContain('Off while COMPOSIO_DEFAULT_CONNECTOR is on (not deleted): notes.');
      expect(sorter.stdout).not.toMatch(/^notes\s/m);
      expect((await cli(['agent', 'prompt-block', 'sorter'], on)).stdout).toBe(block('Composio: github, gmail · Full'));

      // The flag off: the legacy server is back, the default connector gives nothing, the binding stays.
      const back = jsonOf<AgentResolution>(await cli(['agent', 'resolve', 'sorter', '--json']));
      expect(back.servers.map((s) => [s.name, s.kind])).toEqual([['notes', 'legacy']]);
      expect(back.turnedOff).toEqual([]);
      expect((await cli(['agent', 'prompt-block', 'scout'])).stdout).toBe(block('Composio: slack · Full', 'notes'));
    } finally {
      await elsewhere.close();
      await core.close();
    }
  });

  it('never enables Composio by itself: with the flag on and no project key, it says so, refuses to enable, and leaves legacy servers on', { timeout: SLOW }, async () => {
    const home = tempDir();
    const core = openTestCore(home);
    const crew = core.crews.create({ name: 'Night Ops' }, 'ui');
    core.agents.create({ crew: crew.id, name: 'Scout' }, 'ui');
    addServer(core, 'notes', { type: 'stdio', command: process.execPath, args: ['--version'], env: {}, cwd: null });
    await core.close();
    const on = { COMPOSIO_DEFAULT_CONNECTOR: '1' };
    const shown = await runCrewship(home, ['integration', 'composio', 'default', 'show'], '', on);
    expect(shown.stdout).toContain('COMPOSIO_DEFAULT_CONNECTOR on (no project key: it never enables Composio by itself)');
    expect(shown.stdout).toContain('hint: Set a Composio project key first');
    const enable = await runCrewship(home, ['integration', 'composio', 'default', 'enable'], '', on);
    expect(enable.code).toBe(1);
    expect(enable.stderr).toContain('[composio_not_configured]');
    const resolved = JSON.parse((await runCrewship(home, ['agent', 'resolve', 'scout', '--json'], '', on)).stdout) as AgentResolution;
    expect(resolved.defaultConnector).toEqual({ on: false, active: false });
    expect(resolved.servers.map((server) => server.name)).toEqual(['notes']);
  });
});
