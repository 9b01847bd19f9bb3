import { Composio } from '@composio/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startComposioStandIn, type ComposioStandIn } from '../fixtures/composio/stand-in.ts';
import { runCrewship } from '../helpers/cli.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

/** `crewship integration composio triggers …` through the real CLI against the stand-in. */
let standIn: ComposioStandIn;
const tempDir = useTempDirs('crewship-composio-triggers-cli-');
const KEY = 'ak_project_triggers_cli_0007';

beforeAll(async () => {
  standIn = await startComposioStandIn({ catalog: { toolkits: 8, tools: 60 }, keys: { [KEY]: 'triggers-cli' } });
  // Accounts connected at Composio already (by another console, or the dashboard): github for ana.
  const sdk = new Composio({ apiKey: KEY, baseURL: standIn.url, allowTracking: false, disableVersionCheck: true });
  const config = await sdk.authConfigs.create('github', { type: 'use_composio_managed_auth' });
  standIn.approve((await sdk.connectedAccounts.link('ana', config.id)).id);
});
afterAll(async () => {
  await standIn.stop();
});

/** Each command is a process of its own (about a second here, more on a loaded machine): the tests allow for twenty of them. */
const CLI_TEST_MS = 90_000;

const triggers = (home: string, args: string[]) => runCrewship(home, ['integration', 'composio', 'triggers', ...args], '', { COMPOSIO_BASE_URL: standIn.url });

async function setKey(home: string): Promise<void> {
  const set = await runCrewship(home, ['integration', 'composio', 'key', 'set', '--key', KEY], '', { COMPOSIO_BASE_URL: standIn.url });
  expect(set.code, set.stderr).toBe(0);
}

describe('crewship integration composio triggers', () => {
  it('lists an app’s types with their fields, and refuses a config or a user before creating anything', async () => {
    const home = tempDir();
    const noKey = await triggers(home, ['types', 'github']);
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toContain('[composio_not_configured]');
    await setKey(home);

    const types = await triggers(home, ['types', 'gmail']);
    expect(types.code, types.stderr).toBe(0);
    expect(types.stdout).toMatch(/^GMAIL_NEW_GMAIL_MESSAGE\s+poll\s+labelIds="INBOX", userId="me", interval=1\s+Fires when a new message arrives/m);
    expect((await triggers(home, ['types', 'github'])).stdout).toMatch(/^GITHUB_COMMIT_EVENT\s+webhook\s+owner\*, repo\*/m);
    const typesJson = JSON.parse((await triggers(home, ['types', 'github', '--json'])).stdout) as { types: Array<{ slug: string; config: { required: string[] } }> };
    expect(typesJson.types[0]?.config.required).toEqual(['owner', 'repo']);

    const invalid = await triggers(home, ['create', 'GITHUB_COMMIT_EVENT', '--user', 'ana', '--set', 'owner=octo']);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('error: The config does not fit GITHUB_COMMIT_EVENT: repo: is required. [composio_trigger_config_invalid]');
    const noAccount = await triggers(home, ['create', 'GMAIL_NEW_GMAIL_MESSAGE', '--user', 'ana']);
    expect(noAccount.code).toBe(1);
    expect(noAccount.stderr).toContain('[composio_trigger_no_account]');
    expect(noAccount.stderr).toContain('hint: Connect it first: `crewship integration composio connect gmail --user ana`');
    expect((await triggers(home, ['create', 'GITHUB_COMMIT_EVENT', '--user', 'ana', '--config', '{"owner":'])).stderr).toContain('--config is not valid JSON');
    expect((await triggers(home, ['list'])).stdout).toContain('No triggers: create one with');
  }, CLI_TEST_MS);

  it('creates with --set or --config, lists by user, disables, enables and deletes', async () => {
    const home = tempDir();
    await setKey(home);

    const created = await triggers(home, ['create', 'github_commit_event', '--user', 'ana', '--set', 'owner=octo', '--set', 'repo=console']);
    expect(created.code, created.stderr).toBe(0);
    const id = /^Created (ti_\w+): GITHUB_COMMIT_EVENT for ana, listening on ca_\w+ \(github\)\.$/m.exec(created.stdout)?.[1] ?? '';
    expect(id).not.toBe('');
    const viaConfig = JSON.parse((await triggers(home, ['create', 'GITHUB_STAR_ADDED_EVENT', '--user', 'ana', '--config', '{"owner":"octo","repo":"site"}', '--json'])).stdout) as { id: string; config: unknown };
    expect(viaConfig.config).toEqual({ owner: 'octo', repo: 'site' });

    const listed = await triggers(home, ['list']);
    expect(listed.stdout).toContain('User ana:');
    expect(listed.stdout).toMatch(new RegExp(`^${id}\\s+GITHUB_COMMIT_EVENT\\s+github\\s+enabled\\s+\\{"owner":"octo","repo":"console"\\}$`, 'm'));
    expect((await triggers(home, ['disable', id])).stdout).toContain(`Disabled ${id} (GITHUB_COMMIT_EVENT of ana).`);
    expect((await triggers(home, ['list', '--user', 'ana'])).stdout).toMatch(new RegExp(`^${id}\\s+GITHUB_COMMIT_EVENT\\s+github\\s+disabled`, 'm'));
    expect((await triggers(home, ['enable', id])).stdout).toContain(`Enabled ${id}`);
    expect((await triggers(home, ['delete', id])).stdout).toContain(`Deleted ${id}`);
    expect((await triggers(home, ['delete', viaConfig.id])).code).toBe(0);
    expect((await triggers(home, ['list', '--user', 'ana'])).stdout).toContain('No triggers: create one with');
    const gone = await triggers(home, ['enable', id]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('[composio_trigger_not_found]');
    const listJson = JSON.parse((await triggers(home, ['list', '--json'])).stdout) as { total: number };
    expect(listJson.total).toBe(0);
  }, CLI_TEST_MS);
});
