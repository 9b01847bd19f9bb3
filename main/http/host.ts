import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Core } from '../app/core.ts';
import { AppError } from '../errors/app-error.ts';
import { CONTENT_SECURITY_POLICY } from './content-security-policy.ts';
import { bearerMatches, hostIsAllowed, originIsAllowed } from './guard.ts';
import { closeServer, readJsonBody, sendError, sendJson } from './http-io.ts';
import { resolveStaticFile, sendStaticFile } from './static-files.ts';
import { streamEvents } from './event-stream.ts';
import { chooseRoute, findRestRoutes, isRestPath, queryInput, routeInput } from './rest-routes.ts';

const LOOPBACK = '127.0.0.1';
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface HostOptions {
  core: Core;
  /** The built renderer (out/renderer); without it the host serves only the API. */
  rendererDir?: string;
  /** 0, the default, picks a free port. */
  port?: number;
  /** Only the loopback address is accepted; the option exists so that refusing anything else is explicit. */
  bindAddress?: string;
  maxBodyBytes?: number;
}

export interface RunningHost {
  url: string;
  token: string;
  port: number;
  /** The address to open in a browser: the token travels in the fragment, which is never sent to a server. */
  uiUrl: string;
  close(): Promise<void>;
}

const securityHeaders = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy': CONTENT_SECURITY_POLICY,
};

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const bindAddress = options.bindAddress ?? LOOPBACK;
  if (bindAddress !== LOOPBACK) {
    throw new AppError(
      'host_not_loopback',
      `The local host only listens on ${LOOPBACK}, not on ${bindAddress}.`,
      'Agents and the browser reach it on this machine; use an SSH tunnel to reach it from elsewhere.',
    );
  }
  const token = randomBytes(32).toString('base64url');
  const context = { ...options, token, port: 0, maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES };
  const server = createServer((req, res) => {
    handle(req, res, context).catch((error: unknown) => {
      if (error instanceof AppError) return sendError(res, error);
      options.core.logInternalError('local host', error);
      sendError(res, internalFault());
    });
  });
  server.requestTimeout = 30_000;
  await listen(server, options.port ?? 0, bindAddress);
  context.port = (server.address() as AddressInfo).port;
  const url = `http://${LOOPBACK}:${context.port}`;
  return {
    url,
    token,
    port: context.port,
    uiUrl: `${url}/#token=${token}`,
    close: () => closeServer(server),
  };
}

interface HostContext extends HostOptions {
  token: string;
  port: number;
  maxBodyBytes: number;
}

async function handle(req: IncomingMessage, res: ServerResponse, ctx: HostContext): Promise<void> {
  for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
  if (!hostIsAllowed(req, ctx.port)) return sendError(res, forbidden('host_forbidden', 'Host'));
  if (!originIsAllowed(req, ctx.port)) return sendError(res, forbidden('origin_forbidden', 'Origin'));

  const path = new URL(req.url ?? '/', 'http://placeholder').pathname;
  if (isApiPath(path)) {
    if (!bearerMatches(req, ctx.token)) return sendError(res, unauthorized());
    return routeApi(req, res, path, ctx);
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, methodNotAllowed(req.method));
  const file = ctx.rendererDir ? resolveStaticFile(ctx.rendererDir, path) : undefined;
  if (!file) return sendError(res, notFound(path));
  sendStaticFile(res, file);
}

function isApiPath(path: string): boolean {
  return path === '/events' || path.startsWith('/rpc/') || path.startsWith('/api/') || isRestPath(path);
}

/** The header a call names its workspace in (id or slug); without it, the core's own workspace. */
const WORKSPACE_HEADER = 'x-crewship-workspace';

function workspaceOf(req: IncomingMessage): string | undefined {
  const value = req.headers[WORKSPACE_HEADER];
  const named = Array.isArray(value) ? value[0] : value;
  return named?.trim() || undefined;
}

async function routeApi(req: IncomingMessage, res: ServerResponse, path: string, ctx: HostContext): Promise<void> {
  const workspace = workspaceOf(req);
  if (path === '/events' && req.method === 'GET') {
    // A stream for one workspace carries its events and those of none; it is refused for a workspace that does not exist.
    const workspaceId = workspace === undefined ? undefined : ctx.core.workspaces.resolveId(workspace);
    streamEvents(req, res, workspaceId === undefined ? ctx.core.bus : ctx.core.bus.forWorkspace(workspaceId), ctx.core.logInternalError);
    return;
  }
  if (path.startsWith('/rpc/') && req.method === 'POST') {
    const method = path.slice('/rpc/'.length);
    const input = await readJsonBody(req, bodyLimitFor(method, ctx));
    const { envelope, status } = await ctx.core.router.dispatch(method, input, { actor: 'http', workspace });
    return sendJson(res, status, envelope);
  }
  const routes = findRestRoutes(req.method, path);
  if (routes.length > 0) {
    const search = new URL(req.url ?? '/', 'http://placeholder').searchParams;
    const sent = req.method === 'GET' ? queryInput(search) : await readRestBody(req, routes[0]?.route.method ?? 'mcp.status', search, ctx);
    const matched = chooseRoute(routes, typeof sent === 'object' && sent !== null ? (sent as Record<string, unknown>) : {});
    if (!matched) return sendError(res, notFound(path));
    const { envelope, status } = await ctx.core.router.dispatch(matched.route.method, routeInput(matched, sent), { actor: 'http', workspace });
    return sendJson(res, status, envelope);
  }
  sendError(res, notFound(path));
}

/**
 * A shared file travels in base64 inside JSON (/rpc/connections.files.write, or the files path),
 * so those two take a body as large as a file of the size limit in base64, and 64 KiB more for
 * the rest; every other body keeps the host's limit (1 MiB).
 */
function bodyLimitFor(method: string, ctx: HostContext): number {
  if (method !== 'connections.files.write') return ctx.maxBodyBytes;
  return Math.max(ctx.maxBodyBytes, Math.ceil(ctx.core.connections.maxFileBytes / 3) * 4 + 64 * 1024);
}

/**
 * A REST body: JSON, or for the files path the file's own bytes (`Content-Type:
 * application/octet-stream`, the path in `?path=`), as large as the size limit.
 */
async function readRestBody(req: IncomingMessage, method: string, search: URLSearchParams, ctx: HostContext): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (method !== 'connections.files.write' || type !== 'application/octet-stream') return readJsonBody(req, bodyLimitFor(method, ctx));
  const path = search.get('path') ?? '';
  const limit = ctx.core.connections.maxFileBytes;
  const tooLargeFile = (size: number) => ctx.core.connections.requireFileSize(size, path);
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) tooLargeFile(declared);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) tooLargeFile(size);
    chunks.push(chunk as Buffer);
  }
  return { ...queryInput(search), path, content: Buffer.concat(chunks).toString('base64') };
}

function forbidden(code: 'host_forbidden' | 'origin_forbidden', header: string): AppError {
  return new AppError(
    code,
    `The request's ${header} header is not this local host's.`,
    'Open the console at the 127.0.0.1 address that `crewship serve` printed; other sites may not call it.',
  );
}

function unauthorized(): AppError {
  return new AppError(
    'token_required',
    'The session token is missing or wrong.',
    'Send `Authorization: Bearer <token>` with the token that `crewship serve` printed, or open the URL it printed.',
  );
}

function notFound(path: string): AppError {
  return new AppError('path_not_found', `Nothing is served at ${path.slice(0, 120)}.`, 'Check the path; the README lists what the host serves.');
}

function methodNotAllowed(method: string | undefined): AppError {
  return new AppError('method_not_allowed', `${method ?? 'This method'} is not allowed here.`, 'Use GET for pages and POST for /rpc/<method>.');
}

function internalFault(): AppError {
  return new AppError('internal_error', 'The local host failed to answer.', 'Try again; if it repeats, restart `crewship serve`.');
}

function listen(server: Server, port: number, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (cause) =>
      reject(
        new AppError('host_listen_failed', `The local host could not listen on ${address}:${port}.`, 'Choose another port with --port, or 0 for any free port.', {
          cause,
        }),
      ),
    );
    server.listen(port, address, () => resolve());
  });
}
