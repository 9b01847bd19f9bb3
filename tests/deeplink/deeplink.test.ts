import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DeepLinkRouter,
  MAX_DEEP_LINK_BYTES,
  findDeepLinkInArgv,
  parseDeepLink,
  redactDeepLink,
  type DeepLinkLog,
  type OAuthCallbackLink,
} from '../../main/deeplink/index.ts';

const CALLBACK = 'crewship://oauth/callback?code=SECRET123&state=st4te';

describe('findDeepLinkInArgv', () => {
  it('finds the link with Chromium switches before and after it', () => {
    const argv = [
      '/opt/Crewship Console/crewship-console',
      '--allow-file-access-from-files',
      CALLBACK,
      '--original-process-start-time=13370000000000000',
      '--enable-features=Foo',
    ];
    expect(findDeepLinkInArgv(argv)).toBe(CALLBACK);
  });

  it('finds the link in the dev-mode form (electron app-path link) and is not fooled by the last item', () => {
    const argv = ['/usr/lib/electron/electron', '/work/app/out/main/index.js', CALLBACK, '--no-sandbox'];
    expect(findDeepLinkInArgv(argv)).toBe(CALLBACK);
  });

  it('finds the link in a Windows-style argv, wherever "%1" lands', () => {
    const argv = [
      'C:\\Program Files\\Crewship Console\\Crewship Console.exe',
      '--allow-file-access-from-files',
      '--',
      CALLBACK,
    ];
    expect(findDeepLinkInArgv(argv)).toBe(CALLBACK);
    const upper = 'CREWSHIP://oauth/callback?code=x&state=y';
    expect(findDeepLinkInArgv(['C:\\crewship.exe', upper, 'C:\\Users\\op\\Desktop'])).toBe(upper);
  });

  it('returns undefined when there is no link', () => {
    expect(findDeepLinkInArgv([])).toBeUndefined();
    expect(findDeepLinkInArgv(['/usr/bin/crewship', '--inspect=0', 'https://example.com/x', 'crewship:oauth'])).toBeUndefined();
  });

  it('does not take a switch whose value merely contains a link', () => {
    expect(findDeepLinkInArgv(['/usr/bin/crewship', `--open-url=${CALLBACK}`])).toBeUndefined();
  });

  it('takes the first of several links', () => {
    const second = 'crewship://oauth/callback?code=other&state=other';
    expect(findDeepLinkInArgv(['x', CALLBACK, second])).toBe(CALLBACK);
  });
});

describe('parseDeepLink', () => {
  it('parses an OAuth callback into its parameters', () => {
    const result = parseDeepLink(CALLBACK);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.link.kind).toBe('oauth-callback');
    expect(result.link.params.get('code')).toBe('SECRET123');
    expect(result.link.params.get('state')).toBe('st4te');
  });

  it('parses an OAuth error callback and accepts the host in any case', () => {
    const result = parseDeepLink('crewship://OAuth/callback?error=access_denied&state=s');
    expect(result.ok && result.link.params.get('error')).toBe('access_denied');
  });

  it.each([
    ['https://oauth/callback?code=x', 'foreign-scheme'],
    ['http://127.0.0.1:5173/callback?code=x', 'foreign-scheme'],
    ['javascript:alert(1)', 'foreign-scheme'],
    ['file:///etc/passwd', 'foreign-scheme'],
    ['crewshipx://oauth/callback?code=x', 'foreign-scheme'],
  ])('rejects the foreign link %s', (raw, reason) => {
    expect(parseDeepLink(raw)).toMatchObject({ ok: false, reason });
  });

  it.each([
    ['crewship://oauth/other?code=x', 'unknown-route'],
    ['crewship://evil/callback?code=x', 'unknown-route'],
    ['crewship://oauth/callback/extra?code=x', 'unknown-route'],
    ['crewship://oauth/../callback2', 'unknown-route'],
    ['crewship://oauth', 'unknown-route'],
    ['crewship:oauth/callback?code=x', 'unknown-route'],
  ])('rejects the unknown route %s', (raw, reason) => {
    expect(parseDeepLink(raw)).toMatchObject({ ok: false, reason });
  });

  it.each([
    ['', 'unparsable'],
    ['crewship://', 'unknown-route'],
    ['not a url at all', 'malformed'],
    ['crewship://oauth/callback?code=a b', 'malformed'],
    ['crewship://oauth/callback\n?code=x', 'malformed'],
    ['\tcrewship://oauth/callback?code=x', 'malformed'],
    ['crewship://user:pw@oauth/callback?code=x', 'malformed'],
    ['crewship://oauth:8080/callback?code=x', 'malformed'],
    ['crewship://oauth/callback?code=a&code=b&state=s', 'malformed'],
    ['crewship://oauth/callback?code=a&state=s&state=t', 'malformed'],
    ['crewship://[oauth/callback', 'unparsable'],
    ['::::', 'unparsable'],
  ])('rejects the malformed link %j', (raw, reason) => {
    expect(parseDeepLink(raw)).toMatchObject({ ok: false, reason });
  });

  it('rejects non-strings', () => {
    expect(parseDeepLink(undefined)).toMatchObject({ ok: false, reason: 'unparsable' });
    expect(parseDeepLink(42)).toMatchObject({ ok: false, reason: 'unparsable' });
    expect(parseDeepLink({ toString: () => CALLBACK })).toMatchObject({ ok: false, reason: 'unparsable' });
  });

  it('accepts a link of exactly the limit and rejects one byte more, counting UTF-8 bytes', () => {
    const base = 'crewship://oauth/callback?state=s&code=';
    const atLimit = base + 'a'.repeat(MAX_DEEP_LINK_BYTES - base.length);
    expect(parseDeepLink(atLimit).ok).toBe(true);
    expect(parseDeepLink(`${atLimit}a`)).toMatchObject({ ok: false, reason: 'too-long' });
    // Under the limit in UTF-16 units, over it in UTF-8 bytes.
    const multiByte = base + 'é'.repeat(MAX_DEEP_LINK_BYTES / 2);
    expect(multiByte.length).toBeLessThan(MAX_DEEP_LINK_BYTES);
    expect(parseDeepLink(multiByte)).toMatchObject({ ok: false, reason: 'too-long' });
  });
});

describe('redactDeepLink', () => {
  it('keeps scheme, host and path and drops the query and fragment', () => {
    expect(redactDeepLink(`${CALLBACK}#frag`)).toBe(`crewship://oauth/callback [query removed, ${CALLBACK.length + 5} chars]`);
  });

  it('cuts a parameter glued to the path of a malformed link, and escapes control characters', () => {
    const out = redactDeepLink('crewship://oauth/callback&code=SECRET123');
    expect(out).not.toContain('SECRET123');
    expect(redactDeepLink('crewship://x\n/y')).toContain('\\u000a');
  });

  it('bounds the length', () => {
    const out = redactDeepLink(`crewship://oauth/${'p'.repeat(10_000)}`);
    expect(out.length).toBeLessThan(200);
    expect(out).toContain('truncated');
  });
});

describe('DeepLinkRouter', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  function capture(): { log: DeepLinkLog; lines: string[] } {
    const lines: string[] = [];
    return { lines, log: (level, line) => lines.push(`${level}: ${line}`) };
  }

  it('queues links until start(), then hands them to the registered handler', () => {
    const { log } = capture();
    const router = new DeepLinkRouter({ log });
    const seen: Array<{ code: string | null; source: string }> = [];
    router.register('oauth-callback', (link: OAuthCallbackLink, source) => {
      seen.push({ code: link.params.get('code'), source });
    });
    expect(router.dispatch(CALLBACK, 'argv')).toBe('queued');
    expect(seen).toEqual([]);
    router.start();
    expect(seen).toEqual([{ code: 'SECRET123', source: 'argv' }]);
    expect(router.dispatch(CALLBACK, 'second-instance')).toBe('handled');
    expect(seen).toHaveLength(2);
  });

  it('drops links beyond the start-up queue and ignores undefined', () => {
    const { log, lines } = capture();
    const router = new DeepLinkRouter({ log, maxPending: 1 });
    expect(router.dispatch(undefined, 'argv')).toBe('dropped');
    expect(router.dispatch(CALLBACK, 'open-url')).toBe('queued');
    expect(router.dispatch(CALLBACK, 'open-url')).toBe('dropped');
    expect(lines.join('\n')).not.toContain('SECRET123');
  });

  it('refuses a second handler for the same kind, and unregisters', () => {
    const router = new DeepLinkRouter({ log: () => {} });
    const off = router.register('oauth-callback', () => {});
    expect(() => router.register('oauth-callback', () => {})).toThrow(/already registered/);
    off();
    router.start();
    expect(router.dispatch(CALLBACK, 'argv')).toBe('unhandled');
  });

  it('logs rejected and unhandled links without their query string', () => {
    const { log, lines } = capture();
    const router = new DeepLinkRouter({ log });
    router.start();
    expect(router.dispatch(CALLBACK, 'second-instance')).toBe('unhandled');
    expect(router.dispatch('crewship://oauth/elsewhere?code=SECRET123&state=x', 'open-url')).toBe('rejected');
    expect(router.dispatch('crewship://oauth/callback?code=SECRET123&code=again', 'argv')).toBe('rejected');
    expect(router.dispatch('https://evil.example/?code=SECRET123', 'argv')).toBe('rejected');
    expect(router.dispatch(`crewship://oauth/callback?code=SECRET123&pad=${'x'.repeat(9000)}`, 'argv')).toBe('rejected');
    expect(lines).toHaveLength(5);
    const text = lines.join('\n');
    expect(text).not.toContain('SECRET123');
    expect(text).not.toContain('code=');
    expect(text).not.toContain('state=');
    expect(lines[0]).toMatch(/^info: .*ignored.*crewship:\/\/oauth\/callback \[query removed/);
    expect(lines[1]).toMatch(/^warn: .*rejected \(unknown-route/);
    expect(lines[2]).toMatch(/rejected \(malformed/);
    expect(lines[3]).toMatch(/rejected \(foreign-scheme/);
    expect(lines[4]).toMatch(/rejected \(too-long/);
  });

  it('writes to stderr by default, still without the query string', () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const router = new DeepLinkRouter();
    router.start();
    router.dispatch(CALLBACK, 'argv');
    router.dispatch('crewship://nope/x?code=SECRET123', 'argv');
    vi.restoreAllMocks();
    expect(written).toHaveLength(2);
    expect(written.join('')).not.toContain('SECRET123');
  });

  it('survives a handler that throws or rejects, and logs no link or message', async () => {
    const { log, lines } = capture();
    const router = new DeepLinkRouter({ log });
    router.register('oauth-callback', (link) => {
      throw new Error(`bad code ${link.params.get('code')}`);
    });
    router.start();
    expect(router.dispatch(CALLBACK, 'argv')).toBe('handled');
    const async = new DeepLinkRouter({ log });
    async.register('oauth-callback', async (link) => {
      throw new TypeError(`bad code ${link.params.get('code')}`);
    });
    async.start();
    expect(async.dispatch(CALLBACK, 'argv')).toBe('handled');
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toEqual([
      'warn: deep link handler for oauth-callback (from argv) failed with Error',
      'warn: deep link handler for oauth-callback (from argv) failed with TypeError',
    ]);
  });
});
