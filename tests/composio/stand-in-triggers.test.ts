import {
  Composio,
  ComposioTriggerTypeNotFoundError,
  TriggerInstanceListActiveResponseSchema,
  TriggerInstanceManageDeleteResponseSchema,
  TriggerInstanceManageUpdateResponseSchema,
  TriggerInstanceUpsertResponseSchema,
  TriggersTypeListResponseSchema,
  TriggerTypeSchema,
} from '@composio/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strictly } from './composio-test-kit.ts';
import { startComposioStandIn, STAND_IN_KEYS, type ComposioStandIn } from '../fixtures/composio/stand-in.ts';

/**
 * The stand-in's trigger paths as the real SDK's `triggers` model calls them, each answer checked
 * against the zod schema the SDK applies to it (the SDK only warns when one fails).
 */
let standIn: ComposioStandIn;
let sdk: Composio;

beforeAll(async () => {
  standIn = await startComposioStandIn({ catalog: { toolkits: 8, tools: 80 } });
  sdk = new Composio({ apiKey: STAND_IN_KEYS.alpha, baseURL: standIn.url, allowTracking: false, disableVersionCheck: true });
});
afterAll(async () => {
  await standIn.stop();
});

/** An ACTIVE account of `toolkit` for `userId` in the SDK's project. */
async function activeAccount(client: Composio, toolkit: string, userId: string): Promise<string> {
  const config = await client.authConfigs.create(toolkit, { type: 'use_composio_managed_auth' });
  const request = await client.connectedAccounts.link(userId, config.id);
  standIn.approve(request.id);
  return request.id;
}

describe('the stand-in’s triggers', () => {
  it('lists trigger types per toolkit, with their config schemas, in the SDK’s shapes', async () => {
    const github = await sdk.triggers.listTypes({ toolkits: ['github'] });
    strictly(TriggersTypeListResponseSchema, github);
    expect(github.items.map((type) => type.slug)).toEqual(['GITHUB_COMMIT_EVENT', 'GITHUB_PULL_REQUEST_EVENT', 'GITHUB_STAR_ADDED_EVENT']);
    const commit = await sdk.triggers.getType('GITHUB_COMMIT_EVENT');
    strictly(TriggerTypeSchema, commit);
    expect(commit.config).toMatchObject({ type: 'object', required: ['owner', 'repo'], properties: { owner: { type: 'string' }, repo: { type: 'string' } } });
    expect((await sdk.triggers.getType('GMAIL_NEW_GMAIL_MESSAGE')).config).toMatchObject({ properties: { labelIds: { default: 'INBOX' }, interval: { type: 'integer', minimum: 1 } } });
    // Every app's types, paginated over the typed client; and the app's trigger count in the catalog.
    const raw = await sdk.getClient().triggersTypes.list({ limit: 3 });
    expect(raw).toMatchObject({ total_items: 8, total_pages: 3, current_page: 1, next_cursor: expect.any(String) as string });
    expect((await sdk.toolkits.get('github')).meta.triggersCount).toBe(3);
    expect(await sdk.triggers.listEnum()).toContain('SLACK_RECEIVE_MESSAGE');
    await expect(sdk.getClient().triggersTypes.retrieve('GITHUB_NO_SUCH_EVENT')).rejects.toMatchObject({ status: 404 });
  });

  it('creates an instance on the user’s ACTIVE account, lists it per user, disables, enables and deletes it', async () => {
    const accountId = await activeAccount(sdk, 'github', 'dev-ana');
    const created = await sdk.triggers.create('dev-ana', 'GITHUB_COMMIT_EVENT', { triggerConfig: { owner: 'octo', repo: 'console' } });
    strictly(TriggerInstanceUpsertResponseSchema, created);
    // The same config again is the same instance (upsert).
    expect((await sdk.triggers.create('dev-ana', 'GITHUB_COMMIT_EVENT', { triggerConfig: { owner: 'octo', repo: 'console' } })).triggerId).toBe(created.triggerId);

    const listed = await sdk.triggers.listActive({ triggerIds: [created.triggerId] });
    strictly(TriggerInstanceListActiveResponseSchema, listed);
    expect(listed.items[0]).toMatchObject({ id: created.triggerId, connectedAccountId: accountId, triggerName: 'GITHUB_COMMIT_EVENT', triggerConfig: { owner: 'octo', repo: 'console' }, disabledAt: null });
    // The SDK's listActive takes no user; the typed client filters by user_ids and keeps user_id.
    const mine = await sdk.getClient().triggerInstances.listActive({ user_ids: ['dev-ana'] });
    expect(mine.items.map((item) => [item.id, item.user_id])).toEqual([[created.triggerId, 'dev-ana']]);
    expect((await sdk.getClient().triggerInstances.listActive({ user_ids: ['someone-else'] })).items).toEqual([]);

    strictly(TriggerInstanceManageUpdateResponseSchema, await sdk.triggers.disable(created.triggerId));
    expect((await sdk.triggers.listActive({ triggerIds: [created.triggerId] })).items).toEqual([]);
    const disabled = await sdk.triggers.listActive({ triggerIds: [created.triggerId], showDisabled: true });
    expect(disabled.items[0]?.disabledAt).toEqual(expect.any(String));
    await sdk.triggers.enable(created.triggerId);
    expect((await sdk.triggers.listActive({ triggerIds: [created.triggerId] })).items[0]?.disabledAt).toBeNull();

    const deleted = await sdk.triggers.delete(created.triggerId);
    strictly(TriggerInstanceManageDeleteResponseSchema, deleted);
    expect(deleted.triggerId).toBe(created.triggerId);
    await expect(sdk.triggers.disable(created.triggerId)).rejects.toMatchObject({ status: 404 });
  });

  it('refuses a user with no ACTIVE account of the app, a missing required field and an unknown type, as Composio does', async () => {
    const response = await fetch(`${standIn.url}/api/v3.1/trigger_instances/GITHUB_COMMIT_EVENT/upsert`, {
      method: 'POST',
      headers: { 'x-api-key': STAND_IN_KEYS.alpha, 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: 'nobody', trigger_config: { owner: 'octo', repo: 'console' } }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { message: expect.stringContaining("No active connected account found for user_id 'nobody' and toolkit 'github'") as string, code: 400, status: 400 } });
    await expect(sdk.triggers.create('nobody', 'GITHUB_COMMIT_EVENT', { triggerConfig: { owner: 'o', repo: 'r' } })).rejects.toMatchObject({ status: 400 });
    await activeAccount(sdk, 'github', 'dev-bo');
    await expect(sdk.triggers.create('dev-bo', 'GITHUB_COMMIT_EVENT', { triggerConfig: { owner: 'octo' } })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('repo') as string });
    await expect(sdk.triggers.create('dev-bo', 'GITHUB_NO_SUCH_EVENT', {})).rejects.toBeInstanceOf(ComposioTriggerTypeNotFoundError);
  });

  it('keeps each key’s instances in its own project', async () => {
    await activeAccount(sdk, 'gmail', 'shared-name');
    const alphaTrigger = await sdk.triggers.create('shared-name', 'GMAIL_NEW_GMAIL_MESSAGE', { triggerConfig: { labelIds: 'INBOX', interval: 5 } });
    const beta = new Composio({ apiKey: STAND_IN_KEYS.beta, baseURL: standIn.url, allowTracking: false, disableVersionCheck: true });
    expect((await beta.getClient().triggerInstances.listActive({ show_disabled: true })).items).toEqual([]);
    // The same user id in the other project has no account there, so no trigger either.
    await expect(beta.triggers.create('shared-name', 'GMAIL_NEW_GMAIL_MESSAGE', {})).rejects.toMatchObject({ status: 400 });
    await expect(beta.triggers.delete(alphaTrigger.triggerId)).rejects.toMatchObject({ status: 404 });
    expect((await sdk.triggers.listActive({ triggerIds: [alphaTrigger.triggerId] })).items).toHaveLength(1);
  });
});
