/**
 * crewship:// deep links: finding one in a command line, and turning one into a typed request.
 *
 * Plain Node: no 'electron' import, so all of it is unit-tested. Everything that arrives here is
 * attacker-controllable input (any web page can open a crewship:// link), so the parser allowlists
 * the exact routes it knows and rejects everything else.
 */

export const DEEP_LINK_SCHEME = 'crewship';
const SCHEME_PREFIX = `${DEEP_LINK_SCHEME}://`;

/** Longest link accepted, in UTF-8 bytes. An OAuth callback is a few hundred bytes. */
export const MAX_DEEP_LINK_BYTES = 8 * 1024;

/**
 * OAuth parameters that RFC 6749 §3.1 says must not appear more than once; a link that repeats one
 * is refused rather than letting a handler pick the first or the last.
 */
const SINGLE_VALUED_OAUTH_PARAMS = ['code', 'state', 'error', 'error_description', 'error_uri', 'iss'] as const;

export interface OAuthCallbackLink {
  kind: 'oauth-callback';
  /** The query parameters (code, state, or error…). May hold a live authorization code: never log them. */
  params: URLSearchParams;
}

/** Every route the app answers; later issues add kinds here. */
export type DeepLink = OAuthCallbackLink;
export type DeepLinkKind = DeepLink['kind'];

type DeepLinkRejection = 'too-long' | 'unparsable' | 'foreign-scheme' | 'unknown-route' | 'malformed';

export type DeepLinkParseResult =
  | { ok: true; link: DeepLink }
  | { ok: false; reason: DeepLinkRejection; detail: string };

/**
 * The first argument that is a crewship:// link, or undefined.
 *
 * Never the last argument blindly: Chromium adds switches such as --allow-file-access-from-files or
 * --original-process-start-time before or after it, and Windows puts "%1" wherever the registry
 * command says. A switch whose value happens to be a link (--foo=crewship://…) is not a link.
 */
export function findDeepLinkInArgv(argv: readonly unknown[]): string | undefined {
  for (const item of argv) {
    if (typeof item !== 'string') continue;
    if (item.slice(0, SCHEME_PREFIX.length).toLowerCase() === SCHEME_PREFIX) return item;
  }
  return undefined;
}

export function parseDeepLink(raw: unknown): DeepLinkParseResult {
  if (typeof raw !== 'string' || raw.length === 0) {
    return reject('unparsable', 'the link is empty');
  }
  // Cheap length check first (a UTF-16 unit is at least one UTF-8 byte), then the exact one.
  if (raw.length > MAX_DEEP_LINK_BYTES || Buffer.byteLength(raw, 'utf8') > MAX_DEEP_LINK_BYTES) {
    return reject('too-long', `the link is longer than ${MAX_DEEP_LINK_BYTES} bytes`);
  }
  // The URL parser silently strips tabs, newlines and surrounding spaces; a link that needs that is not ours.
  if (/[\u0000-\u0020\u007f]/.test(raw)) {
    return reject('malformed', 'the link contains spaces or control characters');
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return reject('unparsable', 'the link is not a valid URL');
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:`) {
    return reject('foreign-scheme', `the scheme is not ${DEEP_LINK_SCHEME}:`);
  }
  if (url.username !== '' || url.password !== '' || url.port !== '') {
    return reject('malformed', 'the link carries a user, password or port');
  }
  // crewship: is not a "special" scheme, so the parser keeps the host's case; compare without it.
  const host = url.hostname.toLowerCase();
  if (host === 'oauth' && url.pathname === '/callback') {
    const params = url.searchParams;
    for (const name of SINGLE_VALUED_OAUTH_PARAMS) {
      if (params.getAll(name).length > 1) return reject('malformed', `the parameter "${name}" appears more than once`);
    }
    // The fragment is dropped: the authorization-code flow never puts anything there.
    return { ok: true, link: { kind: 'oauth-callback', params } };
  }
  return reject('unknown-route', 'the app has no such route');
}

/**
 * A form of the link that is safe to write to a log: scheme, host and path only, with the query,
 * the fragment and anything that looks like a stray parameter cut off, control characters escaped,
 * and the length bounded. The query string of an OAuth callback holds a live authorization code.
 */
export function redactDeepLink(raw: unknown): string {
  if (typeof raw !== 'string') return `<${typeof raw}>`;
  // Cut at the first character that can start a query, a fragment or a parameter, whether or
  // not the URL is well formed (a malformed link may put "&code=…" straight after the path).
  const cut = raw.search(/[?#&;=]/);
  let head = cut === -1 ? raw : raw.slice(0, cut);
  const cutSomething = cut !== -1;
  const limit = 120;
  const truncated = head.length > limit;
  if (truncated) head = head.slice(0, limit);
  const printable = head.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const notes: string[] = [];
  if (cutSomething) notes.push('query removed');
  if (truncated) notes.push('truncated');
  notes.push(`${raw.length} chars`);
  return `${printable} [${notes.join(', ')}]`;
}

function reject(reason: DeepLinkRejection, detail: string): DeepLinkParseResult {
  return { ok: false, reason, detail };
}
