import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The names under which this host is reachable; anything else in Host is a DNS-rebinding attempt. */
function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

function allowedOrigins(port: number): Set<string> {
  return new Set([...allowedHosts(port)].map((host) => `http://${host}`));
}

export function hostIsAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host?.toLowerCase();
  return host !== undefined && allowedHosts(port).has(host);
}

/** Requests without Origin (curl, agents, same-origin GETs) pass; a foreign Origin never does. */
export function originIsAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  return origin === undefined || allowedOrigins(port).has(origin.toLowerCase());
}

/** The token of `Authorization: Bearer <token>`; null without one, or with one of a shape no token has. */
export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization ?? '';
  return /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(header)?.[1] ?? null;
}

export function bearerMatches(req: IncomingMessage, token: string): boolean {
  const sent = bearerToken(req);
  if (!sent) return false;
  const given = Buffer.from(sent);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
