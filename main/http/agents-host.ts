import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Core } from '../app/core.ts';
import { forgetEndedSessions } from '../agent-endpoint/agent-endpoint-service.ts';
import { createAgentMcpServer, loadServerSdk } from '../agent-endpoint/session-server.ts';
import { tokenOwner } from '../agent-endpoint/tokens.ts';
import { AppError } from '../errors/app-error.ts';
import { failSafe } from '../errors/fail-safe.ts';
import { bearerToken, hostIsAllowed, originIsAllowed } from './guard.ts';
import { closeServer, readJsonBody, sendError, sendJson } from './http-io.ts';

const LOOPBACK = '127.0.0.1';
/** An agent's request (tool arguments) may be larger than an operator's: 4 MiB, as the SDK's own limit. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const ENDPOINT_PATH = /^\/agents\/([a-z0-9]+(?:-[a-z0-9]+)*)\/mcp$/;

type Transport = InstanceType<Awaited<ReturnType<typeof loadServerSdk>>['StreamableHTTPServerTransport']>;

interface Session {
  workspaceId: string;
  agentId: string;
  transport: Transport;
  close(): Promise<void>;
}

export interface RunningAgentsHost {
  url: string;
  port: number;
  /** Open MCP sessions, by agent id (the state the Agents page shows comes from the store; this is the listener's own count). */
  sessionCount(): number;
  close(): Promise<void>;
}

/**
 * The agents' listener: one MCP endpoint per agent at `/agents/<slug>/mcp` (streamable HTTP, the
 * SDK's server side, a session per initialize), on 127.0.0.1 and a port that stays the same across
 * restarts, apart from the operator's host. Host and Origin are checked as the host checks them;
 * each request carries an agent token that opens only its own agent's endpoint.
 */
export async function startAgentsHost(options: { core: Core; port?: number }): Promise<RunningAgentsHost> {
  const { core } = options;
  const sessions = new Map<string, Session>();
  const context = { core, sessions, port: 0 };
  const server = createServer((req, res) => {
    handle(req, res, context).catch((error: unknown) => {
      if (!(error instanceof AppError)) core.logInternalError('agents endpoint', error);
      sendError(res, error instanceof AppError ? error : new AppError('internal_error', 'The agents’ endpoint failed to answer.', 'Try again; if it repeats, restart the console.'));
    });
  });
  await listen(server, options.port ?? core.agentsPort.value);
  context.port = (server.address() as AddressInfo).port;
  core.agentsPort.value = context.port;
  forgetEndedSessions(core.store.db);
  return {
    url: `http://${LOOPBACK}:${context.port}`,
    port: context.port,
    sessionCount: () => sessions.size,
    close: async () => {
      await Promise.allSettled([...sessions.values()].map((session) => session.close()));
      await closeServer(server);
    },
  };
}

interface AgentsHostContext {
  core: Core;
  sessions: Map<string, Session>;
  port: number;
}

async function handle(req: IncomingMessage, res: ServerResponse, ctx: AgentsHostContext): Promise<void> {
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('cache-control', 'no-store');
  if (!hostIsAllowed(req, ctx.port)) return sendError(res, forbidden('host_forbidden', 'Host'));
  if (!originIsAllowed(req, ctx.port)) return sendError(res, forbidden('origin_forbidden', 'Origin'));
  const slug = ENDPOINT_PATH.exec(new URL(req.url ?? '/', 'http://placeholder').pathname)?.[1];
  if (!slug) return sendError(res, new AppError('path_not_found', 'Nothing is served here but agents’ endpoints.', 'An agent’s endpoint is /agents/<agent-slug>/mcp (`crewship agent mcp-config <agent>`).'));

  const token = bearerToken(req);
  const owner = token ? tokenOwner(ctx.core.store.db, token) : null;
  if (!owner) {
    res.setHeader('www-authenticate', 'Bearer realm="crewship-agents"');
    return sendError(res, new AppError('agent_token_required', 'This agent endpoint needs a valid agent token.', 'Send `Authorization: Bearer <token>` with a token from `crewship agent token create <agent>`; a revoked token no longer opens it.'));
  }
  const scope = ctx.core.forWorkspace(owner.workspaceId);
  const agent = scope.agentEndpoint.agent(owner.agentId);
  if (agent.slug !== slug) {
    return sendError(res, new AppError('agent_token_forbidden', `This token is agent ${agent.slug}'s; it does not open another agent's endpoint.`, `Use agent ${slug}'s own token, or call /agents/${agent.slug}/mcp.`));
  }
  scope.agentEndpoint.tokens.touch(owner.tokenId);

  const sessionId = req.headers['mcp-session-id'];
  if (typeof sessionId === 'string') {
    const session = ctx.sessions.get(sessionId);
    if (!session) return sendJson(res, 404, jsonRpcError(-32001, 'Session not found: initialize again.'));
    if (session.agentId !== owner.agentId || session.workspaceId !== owner.workspaceId) {
      return sendError(res, new AppError('agent_token_forbidden', 'This MCP session is another agent’s.', 'Start a session of your own with initialize.'));
    }
    const body = req.method === 'POST' ? await readJsonBody(req, MAX_BODY_BYTES) : undefined;
    return session.transport.handleRequest(req, res, body);
  }
  if (req.method !== 'POST') return sendJson(res, 400, jsonRpcError(-32000, 'Bad request: no session; start one with an initialize POST.'));
  const body = await readJsonBody(req, MAX_BODY_BYTES);
  const sdk = await loadServerSdk();
  if (!sdk.types.isInitializeRequest(body)) return sendJson(res, 400, jsonRpcError(-32000, 'Bad request: no session; start one with an initialize request.'));
  await openSession(req, res, body, { ctx, workspaceId: owner.workspaceId, agentId: agent.id });
}

async function openSession(req: IncomingMessage, res: ServerResponse, body: unknown, at: { ctx: AgentsHostContext; workspaceId: string; agentId: string }): Promise<void> {
  const { ctx, workspaceId, agentId } = at;
  const service = ctx.core.forWorkspace(workspaceId).agentEndpoint;
  const sdk = await loadServerSdk();
  const { server, stopWatching } = await createAgentMcpServer(service, service.agent(agentId), ctx.core.logInternalError);
  let id: string | undefined;
  const forget = failSafe('agents endpoint: end a session', ctx.core.logInternalError, () => {
    stopWatching();
    if (id === undefined || !ctx.sessions.delete(id)) return;
    service.sessionClosed(id, agentId);
  });
  const transport: Transport = new sdk.StreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    onsessioninitialized: (sessionId) => {
      id = sessionId;
      ctx.sessions.set(sessionId, { workspaceId, agentId, transport, close: () => server.close() });
      service.sessionOpened(sessionId, agentId);
    },
    onsessionclosed: () => forget(),
  });
  transport.onclose = () => forget();
  await server.connect(transport);
  await transport.handleRequest(req, res, body);
}

function jsonRpcError(code: number, message: string) {
  return { jsonrpc: '2.0', error: { code, message }, id: null };
}

function forbidden(code: 'host_forbidden' | 'origin_forbidden', header: string): AppError {
  return new AppError(code, `The request's ${header} header is not the agents' endpoint's.`, 'Agents call http://127.0.0.1:<agents-port>/agents/<slug>/mcp directly; web pages may not.');
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (cause: NodeJS.ErrnoException) =>
      reject(
        new AppError(
          'agents_port_in_use',
          cause.code === 'EADDRINUSE' ? `Port ${port} on ${LOOPBACK} is taken by another program, so the agents' endpoint cannot listen there.` : `The agents' endpoint could not listen on ${LOOPBACK}:${port}.`,
          'Stop the other program, or choose another port with --agents-port (or CREWSHIP_AGENTS_PORT) and write the agents’ configs again (`crewship agent mcp-config <agent> --write`).',
          { cause },
        ),
      ),
    );
    server.listen(port, LOOPBACK, () => resolve());
  });
}
