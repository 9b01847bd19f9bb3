import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComposioDefaultConnector } from '../../main/composio/access-types.ts';
import type { ErrorBody } from '../../main/errors/app-error.ts';
import type { ComposioStandIn } from '../fixtures/composio/stand-in.ts';
import { runCrewship } from '../helpers/cli.ts';
import { startServe } from '../helpers/serve.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { connectAccount, MORE_KEYS, openAccessCore, startAccessStandIn, toolsOf } from '../access/access-kit.ts';

/**
 * `GET/PUT /api/v1/integrations/composio/default` on the real `crewship serve`: the same envelope
 * and the same refusals as the contract and the CLI (zero users, several, a bad user id), PUT {}
 * enables (idempotent), PUT {"user"} pins.
 */
let standIn: ComposioStandIn;
const tempDir = useTempDirs('crewship-composio-default-rest-');

beforeAll(async () => {
  standIn = await startAccessStandIn();
});
afterAll(async () => {
  await standIn.stop();
});

type Answer = { status: number; body: { ok: true; value: ComposioDefaultConnector } | { ok: false; error: ErrorBody } };

describe('/api/v1/integrations/composio/default', () => {
  it('GET shows the state; PUT {} enables it (refusing zero users and several), PUT {"user"} pins one, and a re-run changes nothing', { timeout: 120_000 }, async () => {
    const home = tempDir();
    const { core } = await openAccessCore(home, standIn, { key: MORE_KEYS.gamma, flag: 'true' });
    const serve = await startServe(home, { COMPOSIO_API_KEY: MORE_KEYS.gamma, COMPOSIO_BASE_URL: standIn.url, COMPOSIO_DEFAULT_CONNECTOR: 'true' });
    const path = `${serve.url}/api/v1/integrations/composio/default`;
    const send = async (method: 'GET' | 'PUT', body?: unknown): Promise<Answer> => {
      const response = await fetch(path, { method, headers: serve.headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      return { status: response.status, body: (await response.json()) as Answer['body'] };
    };
    const errorOf = (answer: Answer) => (answer.body.ok ? null : answer.body.error);
    const valueOf = (answer: Answer) => (answer.body.ok ? answer.body.value : null);
    try {
      const first = await send('GET');
      expect(first.status).toBe(200);
      expect(valueOf(first)).toMatchObject({ flag: true, keyConfigured: true, active: false, userId: null, connectedUsers: 0 });

      const zero = await send('PUT', {});
      expect(zero.status).toBe(409);
      expect(errorOf(zero)).toMatchObject({ code: 'composio_default_no_users', hint: expect.stringContaining('connect <app> --user <user_id>') });

      await connectAccount(core, standIn, 'gmail', 'rest-one');
      await connectAccount(core, standIn, 'github', 'rest-two');
      const several = await send('PUT', {});
      expect(several.status).toBe(409);
      expect(errorOf(several)).toMatchObject({ code: 'composio_default_several_users', hint: expect.stringContaining('default set <user_id>') });

      const badUser = await send('PUT', { user: 'has spaces' });
      expect(badUser.status).toBe(400);
      expect(errorOf(badUser)?.code).toBe('invalid_input');
      const unknownField = await send('PUT', { user: 'rest-one', replace: true });
      expect(unknownField.status).toBe(400);

      const pinned = await send('PUT', { user: 'rest-one' });
      expect(pinned.status).toBe(200);
      expect(valueOf(pinned)).toMatchObject({ active: true, userId: 'rest-one', apps: ['gmail'], connectedUsers: 2 });
      const again = await send('PUT', {});
      expect(again.status).toBe(200);
      expect(valueOf(again)).toEqual(valueOf(pinned));
      expect(valueOf(await send('GET'))).toEqual(valueOf(pinned));
      expect(core.composio.defaultConnector()).toMatchObject({ userId: 'rest-one', serverId: valueOf(pinned)?.serverId });

      expect((await fetch(path)).status).toBe(401);
      expect((await fetch(path, { method: 'DELETE', headers: serve.headers })).status).toBe(404);
    } finally {
      await serve.stop();
      await core.close();
    }
  });
});

describe('a running console follows a revoke made by the CLI', () => {
  it('the default connector loses the app at Composio (the host’s tool list follows) and a binding whose account is revoked resolves no more', { timeout: 120_000 }, async () => {
    const home = tempDir();
    const { core } = await openAccessCore(home, standIn, { key: MORE_KEYS.delta, flag: 'true' });
    const env = { COMPOSIO_API_KEY: MORE_KEYS.delta, COMPOSIO_BASE_URL: standIn.url, COMPOSIO_DEFAULT_CONNECTOR: 'true' };
    const gmailAccount = await connectAccount(core, standIn, 'gmail', 'user-d1');
    await connectAccount(core, standIn, 'github', 'user-d1');
    const slackAccount = await connectAccount(core, standIn, 'slack', 'user-d2');
    await core.composio.setDefaultConnectorUser('user-d1', 'ui');
    await core.composio.setBindings({ agent: 'scout', user: 'user-d2', apps: [{ app: 'slack', scope: 'full' }] }, 'ui');
    const serve = await startServe(home, env);
    const toolNames = async (agent: string) =>
      ((await (await fetch(`${serve.url}/mcp/tools?agent=${agent}`, { headers: serve.headers })).json()) as { value: { tools: Array<{ name: string }> } }).value.tools.map((tool) => tool.name);
    const gmail = toolsOf(standIn, 'gmail');
    const github = toolsOf(standIn, 'github');
    try {
      expect(await toolNames('sorter')).toEqual(expect.arrayContaining([...gmail.read, ...github.other]));
      expect(await toolNames('scout')).toEqual(expect.arrayContaining(toolsOf(standIn, 'slack').other));

      const revoked = await runCrewship(home, ['integration', 'composio', 'account', 'revoke', gmailAccount], '', env);
      expect(revoked.code, revoked.stderr).toBe(0);
      await expect.poll(async () => (await toolNames('sorter')).some((name) => gmail.read.includes(name)), { timeout: 20_000 }).toBe(false);
      expect(await toolNames('sorter')).toEqual(expect.arrayContaining(github.other));

      expect((await runCrewship(home, ['integration', 'composio', 'account', 'revoke', slackAccount], '', env)).code).toBe(0);
      await expect.poll(async () => (await toolNames('scout')).length, { timeout: 20_000 }).toBe(0);
      const resolved = (await (await fetch(`${serve.url}/rpc/agents.resolve`, { method: 'POST', headers: serve.headers, body: JSON.stringify({ agent: 'scout' }) })).json()) as {
        value: { servers: unknown[]; withheld: Array<{ app: string }> };
      };
      expect(resolved.value.servers).toEqual([]);
      expect(resolved.value.withheld.map((held) => held.app)).toEqual(['slack']);
    } finally {
      await serve.stop();
      await core.close();
    }
  });
});
