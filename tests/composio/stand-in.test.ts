import {
  AuthConfigListResponseSchema,
  Composio,
  ConnectedAccountListResponseSchema,
  ConnectedAccountRetrieveResponseSchema,
  CreateAuthConfigResponseSchema,
  ToolKitItemSchema,
  ToolKitListResponseSchema,
  ToolkitRetrieveResponseSchema,
  ToolListResponseSchema,
} from '@composio/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCatalog } from '../fixtures/composio/catalog.ts';
import { strictly } from './composio-test-kit.ts';
import { startComposioStandIn, STAND_IN_KEYS, type ComposioStandIn } from '../fixtures/composio/stand-in.ts';

/**
 * The stand-in's answers, as the real SDK reads them, checked against the zod schemas the SDK
 * exports (the SDK only warns when an answer fails them, so a sloppy stand-in could look fine).
 */
let standIn: ComposioStandIn;
let sdk: Composio;

beforeAll(async () => {
  standIn = await startComposioStandIn({ catalog: { toolkits: 40, tools: 400 } });
  sdk = new Composio({ apiKey: STAND_IN_KEYS.alpha, baseURL: standIn.url, allowTracking: false, disableVersionCheck: true });
});
afterAll(async () => {
  await standIn.stop();
});

describe('the Composio stand-in', () => {
  it('generates the full catalog deterministically: ≥ 500 real and plausible apps, ≥ 20,000 tools with hints', () => {
    const catalog = generateCatalog();
    expect(catalog.length).toBeGreaterThanOrEqual(500);
    expect(catalog.reduce((sum, toolkit) => sum + toolkit.tools.length, 0)).toBeGreaterThanOrEqual(20_000);
    expect(catalog.slice(0, 5).map((toolkit) => toolkit.slug)).toEqual(['gmail', 'github', 'slack', 'notion', 'linear']);
    expect(new Set(catalog.map((toolkit) => toolkit.slug)).size).toBe(catalog.length);
    const tools = catalog.flatMap((toolkit) => toolkit.tools);
    expect(tools.some((tool) => tool.tags.includes('readOnlyHint'))).toBe(true);
    expect(tools.some((tool) => tool.tags.includes('destructiveHint'))).toBe(true);
    expect(catalog.some((toolkit) => toolkit.managedSchemes.length === 0 && toolkit.authSchemes.length > 0)).toBe(true);
    expect(generateCatalog({ toolkits: 30, tools: 300 }).map((toolkit) => toolkit.tools.map((tool) => tool.slug))).toEqual(
      generateCatalog({ toolkits: 30, tools: 300 }).map((toolkit) => toolkit.tools.map((tool) => tool.slug)),
    );
  });

  it('answers the toolkit and tool reads in the shapes the SDK checks', async () => {
    const toolkits = await sdk.toolkits.get({ limit: 10 });
    strictly(ToolKitListResponseSchema, toolkits);
    expect(toolkits).toHaveLength(10);
    strictly(ToolKitItemSchema, toolkits[0]);
    strictly(ToolkitRetrieveResponseSchema, await sdk.toolkits.get('github'));
    const tools = await sdk.tools.getRawComposioTools({ toolkits: ['github'], limit: 100 });
    strictly(ToolListResponseSchema, { items: tools, totalPages: 1 });
    expect(tools.length).toBe(standIn.catalog.find((toolkit) => toolkit.slug === 'github')?.tools.length);
    // Cursor pagination over the typed client: every toolkit once.
    const slugs: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await sdk.getClient().toolkits.list({ limit: 7, ...(cursor ? { cursor } : {}) });
      slugs.push(...page.items.map((item) => item.slug));
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    expect(slugs).toEqual(standIn.catalog.map((toolkit) => toolkit.slug));
    await expect(sdk.toolkits.get('no-such-app')).rejects.toMatchObject({ cause: { status: 404 } });
  });

  it('answers auth configs and connected accounts in the SDK’s shapes, through link() and the consent page', async () => {
    const created = await sdk.authConfigs.create('gmail', { type: 'use_composio_managed_auth' });
    strictly(CreateAuthConfigResponseSchema, created);
    strictly(AuthConfigListResponseSchema, await sdk.authConfigs.list());
    const request = await sdk.connectedAccounts.link('user-42', created.id);
    expect(request.redirectUrl).toMatch(new RegExp(`^${standIn.url}/consent/lt_`));
    strictly(ConnectedAccountListResponseSchema, await sdk.connectedAccounts.list({ userIds: ['user-42'] }));
    const consent = await fetch(request.redirectUrl ?? '');
    expect(await consent.text()).toMatch(/id="approve".*id="deny"/s);
    const approved = await fetch(`${request.redirectUrl ?? ''}/approve`);
    expect(await approved.text()).toContain('Connected');
    const active = await request.waitForConnection(5000);
    strictly(ConnectedAccountRetrieveResponseSchema, active);
    expect(active.status).toBe('ACTIVE');
    // The typed client keeps user_id, which the SDK's list() drops.
    expect((await sdk.getClient().connectedAccounts.list({ user_ids: ['user-42'] })).items.map((item) => item.user_id)).toEqual(['user-42']);

    await sdk.connectedAccounts.disable(active.id);
    const inactive = await sdk.connectedAccounts.get(active.id);
    strictly(ConnectedAccountRetrieveResponseSchema, inactive);
    expect(inactive).toMatchObject({ status: 'INACTIVE', isDisabled: true });
    await sdk.connectedAccounts.enable(active.id);
    standIn.expire(active.id);
    expect((await sdk.connectedAccounts.get(active.id)).status).toBe('EXPIRED');
    const refreshed = await sdk.connectedAccounts.refresh(active.id);
    expect(refreshed).toMatchObject({ status: 'INITIATED', redirect_url: expect.stringContaining('/consent/') });

    const denied = await sdk.connectedAccounts.link('user-43', created.id);
    await fetch(`${denied.redirectUrl ?? ''}/deny`, { method: 'POST' });
    await expect(denied.waitForConnection(5000)).rejects.toThrow(/FAILED/);
    await sdk.connectedAccounts.delete(denied.id);
    await expect(sdk.connectedAccounts.get(denied.id)).rejects.toMatchObject({ status: 404 });
  });

  it('keeps each key’s project apart, and refuses an unknown key with Composio’s 401 body', async () => {
    const beta = new Composio({ apiKey: STAND_IN_KEYS.beta, baseURL: standIn.url, allowTracking: false, disableVersionCheck: true });
    expect((await beta.authConfigs.list()).items).toEqual([]);
    expect((await beta.getClient().connectedAccounts.list({})).items).toEqual([]);
    const response = await fetch(`${standIn.url}/api/v3.1/auth_configs`, { headers: { 'x-api-key': 'ak_unknown_000000' } });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { message: expect.stringContaining('Invalid API key') as string, code: 401, status: 401 } });
    const stranger = new Composio({ apiKey: 'ak_unknown_000000', baseURL: standIn.url, allowTracking: false, disableVersionCheck: true });
    const error: unknown = await stranger.authConfigs.list().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 401 });
    expect((error as Error).constructor.name).toBe('AuthenticationError');
  });
});
