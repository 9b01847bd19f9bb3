import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { startHost, type RunningHost } from '../../main/http/host.ts';
import { openTestCore } from '../helpers/core.ts';
import { rawRequest } from '../helpers/http.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-host-');
let running: { core: Core; host: RunningHost } | undefined;

afterEach(async () => {
  await running?.host.close();
  running?.core.close();
  running = undefined;
});

async function start(options: { maxBodyBytes?: number } = {}): Promise<{ core: Core; host: RunningHost }> {
  const dataDir = tempDir();
  const rendererDir = join(dataDir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Crewship Console</title>');
  writeFileSync(join(dataDir, 'outside.txt'), 'not for the web');
  const core = openTestCore(dataDir);
  const host = await startHost({ core, rendererDir, ...options });
  running = { core, host };
  return running;
}

function auth(host: RunningHost): Record<string, string> {
  return { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' };
}

describe('local HTTP host', () => {
  it('answers the contract with a valid token', async () => {
    const { host } = await start();
    const created = await fetch(`${host.url}/rpc/crews.create`, { method: 'POST', headers: auth(host), body: JSON.stringify({ name: 'Night Ops' }) });
    expect(created.status).toBe(200);
    expect(await created.json()).toMatchObject({ ok: true, value: { slug: 'night-ops', name: 'Night Ops' } });
    const bad = await fetch(`${host.url}/rpc/crews.create`, { method: 'POST', headers: auth(host), body: JSON.stringify({ name: '' }) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const notJson = await fetch(`${host.url}/rpc/crews.create`, { method: 'POST', headers: auth(host), body: '{"name":' });
    expect(await notJson.json()).toMatchObject({ ok: false, error: { code: 'invalid_json' } });
  });

  it('refuses requests without the token or with a wrong one (401)', async () => {
    const { host } = await start();
    for (const headers of [{}, { authorization: 'Bearer wrong-token' }, { authorization: host.token }] as Record<string, string>[]) {
      const response = await fetch(`${host.url}/rpc/crews.list`, { method: 'POST', headers, body: '{}' });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ ok: false, error: { code: 'token_required' } });
    }
    expect((await fetch(`${host.url}/events`)).status).toBe(401);
  });

  it('refuses a foreign Host or Origin header (403) even with the token', async () => {
    const { host } = await start();
    const rebinding = await rawRequest({ port: host.port, path: '/rpc/crews.list', method: 'POST', headers: { ...auth(host), host: `evil.example:${host.port}` }, body: '{}' });
    expect(rebinding.status).toBe(403);
    expect(JSON.parse(rebinding.body)).toMatchObject({ error: { code: 'host_forbidden' } });
    const wrongPort = await rawRequest({ port: host.port, path: '/', headers: { host: `127.0.0.1:${host.port + 1}` } });
    expect(wrongPort.status).toBe(403);
    const crossSite = await rawRequest({ port: host.port, path: '/rpc/crews.list', method: 'POST', headers: { ...auth(host), origin: 'https://evil.example' }, body: '{}' });
    expect(crossSite.status).toBe(403);
    expect(JSON.parse(crossSite.body)).toMatchObject({ error: { code: 'origin_forbidden' } });
    const sameOrigin = await rawRequest({ port: host.port, path: '/rpc/crews.list', method: 'POST', headers: { ...auth(host), origin: `http://localhost:${host.port}` }, body: '{}' });
    expect(sameOrigin.status).toBe(200);
  });

  it('refuses an oversized body (413), declared or streamed, and stores nothing', async () => {
    const { host, core } = await start({ maxBodyBytes: 1024 });
    const big = JSON.stringify({ name: 'x'.repeat(5000) });
    const declared = await rawRequest({ port: host.port, path: '/rpc/crews.create', method: 'POST', headers: { ...auth(host), 'content-length': String(big.length) }, body: big });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toMatchObject({ error: { code: 'body_too_large' } });
    const streamed = await rawRequest({ port: host.port, path: '/rpc/crews.create', method: 'POST', headers: { ...auth(host), 'transfer-encoding': 'chunked' }, body: big });
    expect(streamed.status).toBe(413);
    expect(core.crews.list()).toEqual([]);
  });

  it('listens on 127.0.0.1 only and refuses any other bind address', async () => {
    const { host } = await start();
    expect(host.url).toBe(`http://127.0.0.1:${host.port}`);
    // Another loopback address reaches a server bound to every interface, but not ours.
    await expect(rawRequest({ host: '127.0.0.2', port: host.port, path: '/' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expect(startHost({ core: running!.core, bindAddress: '0.0.0.0' })).rejects.toMatchObject({ code: 'host_not_loopback' });
  });

  it('serves the renderer without the token, never a file outside it', async () => {
    const { host } = await start();
    const index = await fetch(`${host.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await index.text()).toContain('Crewship Console');
    const spaRoute = await fetch(`${host.url}/crews`);
    expect(await spaRoute.text()).toContain('Crewship Console');
    for (const path of ['/../outside.txt', '/%2e%2e/outside.txt', '/..%2foutside.txt']) {
      const escape = await rawRequest({ port: host.port, path });
      expect(escape.body).not.toContain('not for the web');
    }
  });

  it('streams bus events over Server-Sent Events to a token holder', async () => {
    const { host, core } = await start();
    const controller = new AbortController();
    const response = await fetch(`${host.url}/events`, { headers: auth(host), signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    core.crews.create({ name: 'Streamed' }, 'cli');
    let text = '';
    while (!text.includes('crews.changed')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    const line = text.split('\n').find((l) => l.startsWith('data: '));
    expect(JSON.parse(line!.slice('data: '.length))).toMatchObject({ name: 'crews.changed', payload: { change: 'created' } });
  });
});
