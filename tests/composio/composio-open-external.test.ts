import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { startComposioStandIn, STAND_IN_KEYS, type ComposioStandIn } from '../fixtures/composio/stand-in.ts';
import { openTestCore } from '../helpers/core.ts';
import { ok } from './composio-test-kit.ts';

/**
 * The desktop app's windows open no web pages, so there `composio.connect` opens the consent page
 * in the system browser itself (the core's openExternal) and says so; elsewhere the page opens it.
 */
describe('composio.connect and the system browser', () => {
  let standIn: ComposioStandIn;
  const dirs: string[] = [];
  const cores: Core[] = [];

  beforeAll(async () => {
    standIn = await startComposioStandIn({ catalog: { toolkits: 20, tools: 100 } });
  });

  afterAll(async () => {
    await Promise.all(cores.map((core) => core.close()));
    await standIn.stop();
    dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });

  function open(openExternal?: (url: string) => Promise<void>): Core {
    const dataDir = mkdtempSync(join(tmpdir(), 'crewship-composio-open-'));
    dirs.push(dataDir);
    const core = openTestCore(dataDir, { ...(openExternal ? { openExternal } : {}), composio: { env: { COMPOSIO_BASE_URL: standIn.url }, pollIntervalMs: 25, requestTimeoutMs: 3000, maxRetries: 1 } });
    cores.push(core);
    return core;
  }

  it('opens the redirect URL where the core can, and answers openedBrowser', async () => {
    const opened: string[] = [];
    const core = open(async (url) => void opened.push(url));
    await ok(core, 'composio.key.set', { key: STAND_IN_KEYS.alpha });
    const flow = await ok(core, 'composio.connect', { toolkit: 'github', userId: 'alice' });
    expect(flow.openedBrowser).toBe(true);
    expect(opened).toEqual([flow.redirectUrl]);
    expect(flow.redirectUrl.startsWith(`${standIn.url}/consent/`)).toBe(true);
    await ok(core, 'composio.connect.cancel', { connect: flow.id });
  });

  it('leaves it to the page where the browser would not open, or there is none', async () => {
    const failing = open(async () => {
      throw new Error('no browser');
    });
    await ok(failing, 'composio.key.set', { key: STAND_IN_KEYS.beta });
    const refused = await ok(failing, 'composio.connect', { toolkit: 'github', userId: 'bob' });
    expect(refused.openedBrowser).toBe(false);
    await ok(failing, 'composio.connect.cancel', { connect: refused.id });

    const none = open();
    await ok(none, 'composio.key.set', { key: STAND_IN_KEYS.beta });
    const plain = await ok(none, 'composio.connect', { toolkit: 'github', userId: 'carol' });
    expect(plain.openedBrowser).toBe(false);
    await ok(none, 'composio.connect.cancel', { connect: plain.id });
  });
});
