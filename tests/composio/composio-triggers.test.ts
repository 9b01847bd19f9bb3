import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import type { Envelope, MethodInput, MethodName, MethodOutput } from '../../main/rpc/contract.ts';
import { startComposioStandIn, STAND_IN_KEYS, type ComposioStandIn } from '../fixtures/composio/stand-in.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { ok, openComposioCore, recordEvents, refused } from './composio-test-kit.ts';

/**
 * Composio triggers through the core's router: the real @composio/core SDK against the stand-in —
 * types and their schemas, create on the user's ACTIVE account, the list by user, enable, disable,
 * delete, the refusals (no account, a config its schema refuses, before anything is sent), and two
 * workspaces with two keys that never see each other's triggers.
 */
let standIn: ComposioStandIn;
const tempDir = useTempDirs('crewship-composio-triggers-');
const OWN = { single: 'ak_project_triggers_0005', refusals: 'ak_project_triggers_0006' };

beforeAll(async () => {
  standIn = await startComposioStandIn({ catalog: { toolkits: 12, tools: 120 }, keys: { [STAND_IN_KEYS.alpha]: 'alpha', [STAND_IN_KEYS.beta]: 'beta', [OWN.single]: 'single', [OWN.refusals]: 'refusals' } });
});
afterAll(async () => {
  await standIn.stop();
});

async function withCore<T>(key: string, use: (core: Core) => Promise<T>): Promise<T> {
  const core = openComposioCore(tempDir(), standIn.url);
  try {
    await ok(core, 'composio.key.set', { key });
    return await use(core);
  } finally {
    await core.close();
  }
}

async function connect(core: Core, toolkit: string, userId: string, workspace?: string): Promise<string> {
  const composio = core.forWorkspace(workspace ?? 'default').composio;
  const flow = await composio.connect({ toolkit, userId }, 'ui');
  standIn.approve(flow.accountId);
  return (await composio.waitForConnect(flow.id)).accountId;
}

describe('Composio triggers', () => {
  it('lists an app’s trigger types with their config schemas; an unknown type is named', () =>
    withCore(OWN.single, async (core) => {
      const github = await ok(core, 'composio.triggers.types', { toolkit: 'GitHub' });
      expect(github.toolkit).toBe('github');
      expect(github.types.map((type) => type.slug)).toEqual(['GITHUB_COMMIT_EVENT', 'GITHUB_PULL_REQUEST_EVENT', 'GITHUB_STAR_ADDED_EVENT']);
      expect(github.types[0]).toMatchObject({ name: 'Commit Event', toolkitName: 'GitHub', kind: 'webhook', config: { required: ['owner', 'repo'] } });
      expect((await ok(core, 'composio.triggers.types', { toolkit: 'asana' })).types).toEqual([]);
      const gmail = await ok(core, 'composio.triggers.type', { slug: 'gmail_new_gmail_message' });
      expect(gmail).toMatchObject({ slug: 'GMAIL_NEW_GMAIL_MESSAGE', kind: 'poll', config: { properties: { labelIds: { default: 'INBOX' } } } });
      const unknown = await refused(core, 'composio.triggers.type', { slug: 'GITHUB_NO_SUCH_EVENT' });
      expect(unknown).toMatchObject({ code: 'composio_trigger_type_not_found', hint: expect.stringContaining('triggers types') as string });
    }));

  it('creates a trigger on the user’s ACTIVE account, lists it under its user, disables, enables and deletes it — each audited, each an event', () =>
    withCore(OWN.single, async (core) => {
      const ana = await connect(core, 'github', 'ana');
      await connect(core, 'gmail', 'ben');
      const events = recordEvents(core, 'composio.triggersChanged');
      const commit = await ok(core, 'composio.triggers.create', { user: 'ana', slug: 'GITHUB_COMMIT_EVENT', config: { owner: 'octo', repo: 'console' } });
      expect(commit).toMatchObject({ slug: 'GITHUB_COMMIT_EVENT', toolkit: 'github', userId: 'ana', connectedAccountId: ana, config: { owner: 'octo', repo: 'console' }, enabled: true, disabledAt: null });
      const mail = await ok(core, 'composio.triggers.create', { user: 'ben', slug: 'GMAIL_NEW_GMAIL_MESSAGE', config: { labelIds: 'INBOX', interval: 5 } });

      const all = await ok(core, 'composio.triggers.list', {});
      expect(all.total).toBe(2);
      expect(all.users.map((user) => [user.userId, user.triggers.map((t) => t.id)])).toEqual([
        ['ana', [commit.id]],
        ['ben', [mail.id]],
      ]);
      expect((await ok(core, 'composio.triggers.list', { user: 'ben' })).users).toMatchObject([{ userId: 'ben', triggers: [{ id: mail.id, toolkit: 'gmail' }] }]);
      expect((await ok(core, 'composio.triggers.list', { toolkit: 'github' })).users.map((user) => user.userId)).toEqual(['ana']);

      const disabled = await ok(core, 'composio.triggers.disable', { trigger: commit.id });
      expect(disabled).toMatchObject({ id: commit.id, enabled: false, disabledAt: expect.any(String) as string, toolkit: 'github' });
      // Disabled triggers stay in the list, marked so.
      expect((await ok(core, 'composio.triggers.list', { user: 'ana' })).users[0]?.triggers[0]?.enabled).toBe(false);
      expect(await ok(core, 'composio.triggers.enable', { trigger: commit.id })).toMatchObject({ enabled: true, disabledAt: null });
      expect(await ok(core, 'composio.triggers.delete', { trigger: commit.id })).toMatchObject({ id: commit.id, userId: 'ana' });
      expect((await ok(core, 'composio.triggers.list', {})).users.map((user) => user.userId)).toEqual(['ben']);
      expect((await refused(core, 'composio.triggers.enable', { trigger: commit.id })).code).toBe('composio_trigger_not_found');

      expect(events).toEqual([
        { change: 'created', id: commit.id },
        { change: 'created', id: mail.id },
        { change: 'disabled', id: commit.id },
        { change: 'enabled', id: commit.id },
        { change: 'deleted', id: commit.id },
      ]);
      const audited = core.audit.recent(50).filter((entry) => entry.action.startsWith('composio.trigger.'));
      expect(audited.map((entry) => [entry.action, entry.target]).reverse()).toEqual([
        ['composio.trigger.create', commit.id],
        ['composio.trigger.create', mail.id],
        ['composio.trigger.disable', commit.id],
        ['composio.trigger.enable', commit.id],
        ['composio.trigger.delete', commit.id],
      ]);
      expect(audited.at(-1)?.detail).toEqual({ slug: 'GITHUB_COMMIT_EVENT', userId: 'ana', toolkit: 'github' });
    }));

  it('refuses a user without an ACTIVE account of the app, and a config its schema refuses before anything is sent, naming each problem', () =>
    withCore(OWN.refusals, async (core) => {
      const noAccount = await refused(core, 'composio.triggers.create', { user: 'carol', slug: 'GITHUB_COMMIT_EVENT', config: { owner: 'octo', repo: 'console' } });
      expect(noAccount).toMatchObject({ code: 'composio_trigger_no_account', message: 'carol has no ACTIVE GitHub account, which GITHUB_COMMIT_EVENT listens on.' });
      expect(noAccount.hint).toContain('crewship integration composio connect github --user carol');
      // A revoked (INACTIVE) account is no account to listen on either.
      const revoked = await connect(core, 'github', 'dan');
      await ok(core, 'composio.accounts.revoke', { account: revoked });
      expect((await refused(core, 'composio.triggers.create', { user: 'dan', slug: 'GITHUB_COMMIT_EVENT', config: { owner: 'o', repo: 'r' } })).code).toBe('composio_trigger_no_account');

      await connect(core, 'gmail', 'erin');
      await connect(core, 'slack', 'erin');
      const before = standIn.requests.length;
      const invalid = await refused(core, 'composio.triggers.create', { user: 'erin', slug: 'GMAIL_NEW_GMAIL_MESSAGE', config: { interval: 0, labelsIds: 'INBOX' } });
      expect(invalid.code).toBe('composio_trigger_config_invalid');
      expect(invalid.message).toBe(
        'The config does not fit GMAIL_NEW_GMAIL_MESSAGE: interval: 0 is less than 1; labelsIds: is not a field of this trigger (its fields: labelIds, userId, interval).',
      );
      const missing = await refused(core, 'composio.triggers.create', { user: 'erin', slug: 'GITHUB_COMMIT_EVENT', config: { owner: 42 } });
      expect(missing.message).toContain('repo: is required');
      expect(missing.message).toContain('owner: must be a string (it is an integer)');
      const pattern = await refused(core, 'composio.triggers.create', { user: 'erin', slug: 'SLACK_RECEIVE_MESSAGE', config: { channel: '#general' } });
      expect(pattern.message).toContain('channel: does not match the pattern ^(C[A-Z0-9]{6,})?$');
      // Only the types were read: no account lookup, no upsert reached Composio, nothing was created.
      expect(standIn.requests.slice(before).every((request) => request.startsWith('GET /api/v3.1/triggers_types/'))).toBe(true);
      expect((await ok(core, 'composio.triggers.list', {})).total).toBe(0);
    }));

  it('keeps two workspaces with two keys apart: neither lists nor reaches the other’s triggers', async () => {
    const core = openComposioCore(tempDir(), standIn.url);
    try {
      const call = async <M extends MethodName>(method: M, input: MethodInput<M>, workspace: string) => (await core.router.call(method, input, { actor: 'ui', workspace })) as Envelope<MethodOutput<M>>;
      const created = await call('workspaces.create', { name: 'Tenant B' }, 'default');
      if (!created.ok) throw new Error(created.error.message);
      const b = created.value.slug;
      await call('composio.key.set', { key: STAND_IN_KEYS.alpha }, 'default');
      await call('composio.key.set', { key: STAND_IN_KEYS.beta }, b);
      // The same user id in both projects, each with its own account.
      await connect(core, 'github', 'same-user', 'default');
      await connect(core, 'github', 'same-user', b);
      const mine = await call('composio.triggers.create', { user: 'same-user', slug: 'GITHUB_STAR_ADDED_EVENT', config: { owner: 'a', repo: 'alpha' } }, 'default');
      const theirs = await call('composio.triggers.create', { user: 'same-user', slug: 'GITHUB_STAR_ADDED_EVENT', config: { owner: 'b', repo: 'beta' } }, b);
      if (!mine.ok || !theirs.ok) throw new Error('create refused');
      const listA = await call('composio.triggers.list', {}, 'default');
      const listB = await call('composio.triggers.list', {}, b);
      expect(listA.ok && listA.value.users.flatMap((user) => user.triggers.map((t) => t.id))).toEqual([mine.value.id]);
      expect(listB.ok && listB.value.users.flatMap((user) => user.triggers.map((t) => t.id))).toEqual([theirs.value.id]);
      expect(JSON.stringify(listB)).not.toContain('alpha');
      for (const method of ['composio.triggers.disable', 'composio.triggers.delete'] as const) {
        const reach = await call(method, { trigger: mine.value.id }, b);
        expect(reach.ok ? 'reached' : reach.error.code).toBe('composio_trigger_not_found');
      }
      const stillThere = await call('composio.triggers.list', {}, 'default');
      expect(stillThere.ok && stillThere.value.users[0]?.triggers[0]).toMatchObject({ id: mine.value.id, enabled: true });
    } finally {
      await core.close();
    }
  });

  it('says Composio cannot be reached, with its hint', async () => {
    const gone = await startComposioStandIn({ catalog: { toolkits: 3, tools: 10 } });
    const core = openComposioCore(tempDir(), gone.url);
    try {
      await ok(core, 'composio.key.set', { key: STAND_IN_KEYS.alpha });
      await gone.stop();
      const error = await refused(core, 'composio.triggers.list', {});
      expect(error).toMatchObject({ code: 'composio_unreachable', hint: expect.stringContaining('base URL') as string });
      expect((await refused(core, 'composio.triggers.create', { user: 'u', slug: 'GITHUB_COMMIT_EVENT', config: {} })).code).toBe('composio_unreachable');
    } finally {
      await core.close();
    }
  });
});
