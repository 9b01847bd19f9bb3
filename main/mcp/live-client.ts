import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { AppError } from '../errors/app-error.ts';
import type { JsonSchemaType, jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import { LIST_KIND_NAMES, LIST_KINDS, type ListKind } from './catalog.ts';
import type { ConnectionPlan } from './connection-plan.ts';
import type { ElicitationAnswer, ElicitationRequest } from './elicitations.ts';
import { descendantsOf, isAlive, killProcesses, trackChild } from './process-tree.ts';
import type { ProtocolLog } from './protocol-log.ts';
import type { Redactor } from './redact.ts';
import { samplingRequestOf, type Sample } from './sampling-handler.ts';
import type { Sdk } from './sdk.ts';
import type { McpClientCapability, McpRoot } from './types.ts';
import type { ServerLog } from './server-log.ts';
import { openTransport, type OpenedTransport } from './transports.ts';

/** How a server's request for input reaches the operator (the request without its server and call). */
export type Elicit = (request: Omit<ElicitationRequest, 'server' | 'callId' | 'chargedTo'>) => Promise<ElicitationAnswer>;

/** One live client and its transport (and, for stdio, its child process). */
export interface LiveClient {
  sdk: Sdk;
  client: Client;
  opened: OpenedTransport;
  redactor: Redactor;
  /** The credential token the stdio child was started with, if any. */
  childToken: string | null;
  /** Set when we close it ourselves, so that its close is not mistaken for a crash. */
  closing: boolean;
  untrack: () => void;
  /** Read from the initialize result, which the client does not keep. */
  protocolVersion: string | null;
  /** The client capabilities this client offers the server (what it may list tools by). */
  offered: McpClientCapability[];
  /** How long a graceful close waits for a stdio child to exit by itself before SIGTERM. */
  exitGraceMs: number;
}

/** The MCP SDK's own wait, after closing a stdio child's stdin and again after SIGTERM. */
const SDK_STDIO_EXIT_GRACE_MS = 2000;

/** CREWSHIP_MCP_STDIO_EXIT_GRACE_MS (milliseconds, a whole number), else the SDK's 2 s. */
export function stdioExitGraceFrom(env: Readonly<Record<string, string | undefined>>): number {
  const value = env.CREWSHIP_MCP_STDIO_EXIT_GRACE_MS;
  if (value === undefined || value === '') return SDK_STDIO_EXIT_GRACE_MS;
  const ms = Number(value);
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new AppError(
      'mcp_exit_grace_invalid',
      `CREWSHIP_MCP_STDIO_EXIT_GRACE_MS is "${value.slice(0, 40)}", not a whole number of milliseconds.`,
      'Set it to a number of milliseconds, e.g. 2000 (the default), or unset it.',
    );
  }
  return ms;
}

const CLIENT_CAPABILITIES: readonly McpClientCapability[] = ['elicitation', 'roots', 'sampling'];

interface LiveClientHooks {
  clientInfo: { name: string; version: string };
  exitGraceMs: number;
  log: ServerLog;
  /** Wraps the transport's callbacks, so that a fault in one is logged and contained (see failSafe). */
  contained<Args extends unknown[]>(callback: (...args: Args) => unknown): (...args: Args) => void;
  /** Without it the client does not offer elicitation. */
  elicit: Elicit | undefined;
  /** Without it the client does not offer sampling. */
  sample: Sample | undefined;
  /** The server's `notifications/elicitation/complete` for a URL-mode request. */
  onElicitationComplete(elicitationId: string): void;
  /** The directories granted to the server (`roots/list`); roots are offered everywhere, stored per server. */
  roots(): McpRoot[];
  /** Compiles the schema a request for input asks its answer to meet. */
  schemas(sdk: Sdk): jsonSchemaValidator;
  onClosed(live: LiveClient): void;
  onListChanged(live: LiveClient, kind: ListKind): void;
  /** The server's `notifications/resources/updated` for a subscribed URI. */
  onResourceUpdated(live: LiveClient, uri: string): void;
  /** Where every JSON-RPC message of the connection is kept (the protocol view). */
  protocol: ProtocolLog;
}

/** A client over the plan's transport with every handler set; nothing is spawned or sent until `startLiveClient`. */
export function openLiveClient(sdk: Sdk, plan: ConnectionPlan, hooks: LiveClientHooks): LiveClient {
  const capabilities = {
    roots: { listChanged: true },
    ...(hooks.elicit ? { elicitation: { form: {}, url: {} } } : {}),
    ...(hooks.sample ? { sampling: { tools: {} } } : {}),
  };
  const client = new sdk.Client(hooks.clientInfo, { capabilities });
  const opened = openTransport(sdk, plan.transport, plan.fetch, plan.auth?.provider ?? null);
  const offered = CLIENT_CAPABILITIES.filter((capability) => capability in capabilities);
  const live: LiveClient = { sdk, client, opened, redactor: plan.redactor, childToken: plan.childToken, closing: false, untrack: () => undefined, protocolVersion: null, offered, exitGraceMs: hooks.exitGraceMs };
  const log = hooks.log;
  // The client chains its own handler after one already set on the transport.
  opened.transport.onmessage = (message) => {
    if (live.protocolVersion !== null) return;
    const version = (message as { result?: { protocolVersion?: unknown } }).result?.protocolVersion;
    if (typeof version === 'string') live.protocolVersion = version;
  };
  hooks.protocol.newSession();
  hooks.protocol.observe(opened.transport, plan.redactor);
  const { contained } = hooks;
  opened.stderr?.on('data', contained((chunk: Buffer) => log.addStderr(chunk.toString('utf8'))));
  client.onclose = contained(() => hooks.onClosed(live));
  client.onerror = contained((error: unknown) => {
    if (live.closing) return;
    log.add('lifecycle', error instanceof Error ? error.message : String(error), 'debug');
  });
  client.setNotificationHandler(sdk.types.LoggingMessageNotificationSchema, (notification) => {
    const { level, logger, data } = notification.params;
    // Redacted before it is written as JSON, where a secret holding a quote or a backslash would no longer match.
    log.add('notification', typeof data === 'string' ? data : JSON.stringify(plan.redactor.value(data)), level, logger ?? null);
  });
  if (hooks.elicit) handleElicitations(live, plan, hooks, hooks.elicit);
  const sample = hooks.sample;
  if (sample) {
    client.setRequestHandler(sdk.types.CreateMessageRequestSchema, async (request, extra) => {
      const answer = await sample(samplingRequestOf(request.params, plan.redactor), extra.signal);
      if (answer.action === 'accept') return { role: 'assistant' as const, content: { type: 'text' as const, text: answer.reply.text }, model: answer.reply.model, stopReason: answer.reply.stopReason };
      // -1: the spec's "user rejected sampling request".
      throw new sdk.types.McpError(-1, answer.action === 'decline' ? 'User rejected sampling request' : 'No one answered the sampling request in time');
    });
  }
  client.setRequestHandler(sdk.types.ListRootsRequestSchema, () => ({ roots: hooks.roots().map((root) => ({ uri: root.uri, ...(root.name ? { name: root.name } : {}) })) }));
  client.setNotificationHandler(sdk.types.ResourceUpdatedNotificationSchema, (notification) => hooks.onResourceUpdated(live, notification.params.uri));
  for (const kind of LIST_KIND_NAMES) {
    client.setNotificationHandler(sdk.types[LIST_KINDS[kind].notification], () => hooks.onListChanged(live, kind));
  }
  return live;
}

function handleElicitations(live: LiveClient, plan: ConnectionPlan, hooks: LiveClientHooks, elicit: Elicit): void {
  const { client, sdk } = live;
  client.setRequestHandler(sdk.types.ElicitRequestSchema, async (request, extra) => {
    const params = request.params;
    // The operator sees it redacted; a form's answer is checked against the schema as the server sent it.
    const message = plan.redactor.text(params.message);
    if (params.mode === 'url') {
      return elicit({ message, form: { url: params.url, elicitationId: params.elicitationId }, signal: extra.signal });
    }
    const requestedSchema = plan.redactor.value(params.requestedSchema) as Record<string, unknown>;
    const validate = hooks.schemas(sdk).getValidator(params.requestedSchema as JsonSchemaType);
    return elicit({ message, form: { requestedSchema, validate }, signal: extra.signal });
  });
  client.setNotificationHandler(sdk.types.ElicitationCompleteNotificationSchema, (notification) => hooks.onElicitationComplete(notification.params.elicitationId));
}

/** Spawns (stdio) or reaches the server and runs initialize. */
export async function startLiveClient(live: LiveClient, timeoutMs: number): Promise<void> {
  const connected = live.client.connect(live.opened.transport, { timeout: timeoutMs });
  // The child is spawned synchronously inside connect(): track it from now on.
  const pid = live.opened.pid();
  if (pid !== null) live.untrack = trackChild(pid);
  await connected;
}

/**
 * Ends a client and, for stdio, its whole process tree. Gracefully (stdin closed, then signals,
 * as the SDK does) for a healthy server; at once for one that failed or hung.
 */
export async function closeLiveClient(live: LiveClient, graceful: boolean, log: ServerLog): Promise<void> {
  live.closing = true;
  const pid = live.opened.pid();
  const descendants = pid !== null ? descendantsOf(pid) : [];
  // A server that failed or hangs gets no grace period (the SDK's would be 2 s + 2 s).
  if (!graceful && pid !== null) killProcesses([...descendants, pid]);
  // The SDK closes stdin, then sends SIGTERM after its own 2 s: a shorter grace sends it sooner, and
  // the SDK's close returns as soon as the child has exited.
  const sooner = graceful && pid !== null && live.exitGraceMs < SDK_STDIO_EXIT_GRACE_MS ? setTimeout(() => isAlive(pid) && killProcesses([pid], 'SIGTERM'), live.exitGraceMs) : undefined;
  try {
    await live.client.close();
  } catch {
    // Closing a transport that never started, or is gone already.
  } finally {
    clearTimeout(sooner);
  }
  killProcesses(descendants.filter(isAlive));
  live.untrack();
  log.flushStderr();
}
