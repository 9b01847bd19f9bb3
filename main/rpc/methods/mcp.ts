import { z } from 'zod';
import { CALL_ID_PATTERN } from '../../mcp/call-id.ts';
import {
  allowedEnvInput,
  connectTimeoutMs,
  credentialBindingInput,
  credentialId,
  injectionInput,
  providerName,
  scopeInput,
  serverName,
  transportInput,
} from '../../mcp/inputs.ts';
import type { McpSamplingAction, McpSamplingRequest } from '../../mcp/sampling-types.ts';
import type {
  McpCallRecord,
  McpCallStats,
  McpCallSummary,
  McpElicitation,
  McpElicitationAction,
  McpExport,
  McpImportReport,
  McpImportVariable,
  McpLogLevel,
  McpLogPage,
  McpPromptList,
  McpPromptResult,
  McpResourceList,
  McpResourceReadResult,
  McpRoot,
  McpServerConfig,
  McpServerStatus,
  McpToolList,
} from '../../mcp/types.ts';
import type { McpCompletion, McpProtocolPage } from '../../mcp/protocol-types.ts';
import type { ResolvedAgentServer } from '../../access/types.ts';
import { method, reference } from '../method.ts';

/** A server config by id, or by name where the name is unambiguous across scopes. */
const server = reference;
const toolName = z.string().trim().min(1, 'a tool name is required').max(256);
const toolArguments = z.record(z.string(), z.unknown()).default({});
const callId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'a call id is 8–64 letters, digits, _ or -');
/** A call a door starts has an id of the one form, whoever picked it (`newCallId`, main/rpc/call-id.ts). */
const newCallIdInput = z.string().regex(CALL_ID_PATTERN, 'a new call id has the form the console makes (call_ followed by 21 letters and digits)');
const logLevel = z.enum(['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency']);

/** Either one server, or everything that resolves for one agent, or (neither) every enabled server. */
const serverOrAgent = z
  .object({ server: server.optional(), agent: reference.optional() })
  .strict()
  .refine((input) => !(input.server && input.agent), 'give a server or an agent, not both');

const callInput = z
  .object({
    server,
    tool: toolName,
    arguments: toolArguments,
    /** The agent the call is made for (history and the tester's per-agent view). */
    agent: reference.optional(),
    /** Chosen by the caller so it can cancel and follow progress before the answer arrives. */
    callId: newCallIdInput.optional(),
    timeoutMs: z.number().int().min(100).max(3_600_000).optional(),
    /** Run it as a task (SEP-1686): the server answers with a task, polled until its result. */
    task: z.boolean().optional(),
  })
  .strict();

const resourceUri = z.string().trim().min(1).max(4096);

/** What the protocol view shows of a server's messages: a direction, a kind, a method (or its start), text in the body. */
const protocolFilter = {
  direction: z.enum(['out', 'in']).optional(),
  kind: z.enum(['request', 'response', 'error', 'notification']).optional(),
  method: z.string().trim().min(1).max(256).optional(),
  text: z.string().min(1).max(1000).optional(),
};

const completionInput = z
  .object({
    server,
    ref: z.discriminatedUnion('type', [
      z.object({ type: z.literal('ref/prompt'), name: z.string().trim().min(1).max(256) }).strict(),
      z.object({ type: z.literal('ref/resource'), uri: z.string().trim().min(1).max(4096) }).strict(),
    ]),
    argument: z.object({ name: z.string().min(1).max(256), value: z.string().max(4096) }).strict(),
    /** The other arguments already filled in, which a server may narrow its suggestions by. */
    context: z.record(z.string(), z.string().max(4096)).default({}),
  })
  .strict();

const importFile = z
  .object({
    scope: scopeInput.default({ kind: 'workspace' }),
    text: z.string().max(1024 * 1024, 'a .mcp.json file is at most 1 MiB'),
    fileName: z.string().max(4096).optional(),
  })
  .strict();

export const mcpMethods = {
  // ------------------------------------------------------------ server configs
  'mcp.servers.list': method<McpServerConfig[]>()(
    z.object({ scope: scopeInput.optional(), provider: providerName.optional() }).strict(),
    'List MCP server configs, optionally of one scope or of one OAuth provider.',
  ),
  'mcp.servers.get': method<McpServerConfig>()(z.object({ server }).strict(), 'One MCP server config by id or name.'),
  'mcp.servers.create': method<McpServerConfig>()(
    z
      .object({
        name: serverName,
        scope: scopeInput.default({ kind: 'workspace' }),
        transport: transportInput,
        credential: credentialBindingInput.nullable().default(null),
        allowedEnv: allowedEnvInput.default([]),
        provider: providerName.nullable().default(null),
        enabled: z.boolean().default(true),
        connectTimeoutMs: connectTimeoutMs.nullable().default(null),
      })
      .strict(),
    'Create an MCP server config (stdio, streamable-http or sse) in the workspace, a crew or an agent; allowedEnv names the console environment variables its ${VAR} placeholders may read.',
  ),
  'mcp.servers.update': method<McpServerConfig>()(
    z
      .object({
        server,
        name: serverName.optional(),
        scope: scopeInput.optional(),
        transport: transportInput.optional(),
        credential: credentialBindingInput.nullable().optional(),
        allowedEnv: allowedEnvInput.optional(),
        provider: providerName.nullable().optional(),
        enabled: z.boolean().optional(),
        connectTimeoutMs: connectTimeoutMs.nullable().optional(),
      })
      .strict(),
    'Edit an MCP server config; fields left out stay as they are. A connected server reconnects.',
  ),
  'mcp.servers.duplicate': method<McpServerConfig>()(
    z.object({ server, name: serverName.optional(), scope: scopeInput.optional() }).strict(),
    'Copy an MCP server config under a new name (by default "<name>-copy"), disabled.',
  ),
  'mcp.servers.setEnabled': method<McpServerConfig>()(
    z.object({ server, enabled: z.boolean() }).strict(),
    'Enable or disable an MCP server config; disabling disconnects it.',
  ),
  'mcp.servers.delete': method<{ id: string }>()(z.object({ server }).strict(), 'Delete an MCP server config and disconnect it.'),
  'mcp.servers.bindCredential': method<McpServerConfig>()(
    z.object({ server, credentialId: credentialId.nullable(), injection: injectionInput.optional() }).strict(),
    'Set (or, with credentialId null, remove) the credential injected into a server’s connection.',
  ),

  // ------------------------------------------------------------ .mcp.json
  'mcp.config.import': method<McpImportReport>()(
    importFile.extend({ allowEnv: allowedEnvInput.default([]) }).strict(),
    'Import a .mcp.json (`mcpServers` by name) into a scope; a malformed file, or one whose placeholders read variables not in allowEnv, changes nothing.',
  ),
  'mcp.config.importVariables': method<McpImportVariable[]>()(
    importFile,
    'The console environment variables a .mcp.json would read, by server, that its import must allow (allowEnv); nothing is stored.',
  ),
  'mcp.config.export': method<McpExport>()(
    z.object({ scope: scopeInput.default({ kind: 'workspace' }), merged: z.boolean().default(true) }).strict(),
    'Export a scope as .mcp.json with placeholders; for an agent, merged with its crew and the workspace.',
  ),
  'mcp.config.writeAgentFile': method<{ path: string; serverCount: number }>()(
    z.object({ agent: reference }).strict(),
    'Write the merged .mcp.json for an agent to <data>/crew/agents/<slug>/.mcp.json.',
  ),
  'mcp.config.resolve': method<ResolvedAgentServer[]>()(
    z.object({ agent: reference }).strict(),
    'The MCP servers that resolve for an agent (as agents.resolve): Composio bindings or the default connector, and the legacy agent-over-crew-over-workspace merge.',
  ),

  // ------------------------------------------------------------ the gateway: connections
  'mcp.status': method<McpServerStatus[]>()(
    z.object({ server: server.optional() }).strict(),
    'Connection status of every MCP server (or one): state, reason, tool count, connected since, last latency.',
  ),
  'mcp.servers.connect': method<McpServerStatus[]>()(
    serverOrAgent,
    'Connect MCP servers (one, an agent’s, or every enabled one) and wait until each is ready or failed.',
  ),
  'mcp.servers.reconnect': method<McpServerStatus>()(z.object({ server }).strict(), 'Drop a server’s connection and connect it again now.'),
  'mcp.servers.disconnect': method<McpServerStatus>()(z.object({ server }).strict(), 'Close a server’s connection (a stdio child is ended).'),
  'mcp.servers.ping': method<{ latencyMs: number }>()(z.object({ server }).strict(), 'Ping a connected server.'),

  // ------------------------------------------------------------ tools, resources, prompts
  'mcp.tools.list': method<McpToolList>()(serverOrAgent, 'Tools of one server, of every server resolving for an agent, or of every enabled server.'),
  'mcp.tools.call': method<McpCallRecord>()(callInput, 'Call a tool and wait for its result; the call is kept in history.'),
  'mcp.calls.start': method<McpCallRecord>()(
    callInput,
    'Start a tool call and answer at once (status running); mcp.callFinished reports its end.',
  ),
  'mcp.calls.cancel': method<{ cancelled: boolean }>()(z.object({ callId }).strict(), 'Cancel a running tool call.'),
  'mcp.calls.list': method<McpCallSummary[]>()(
    z
      .object({
        server: server.optional(),
        tool: toolName.optional(),
        agent: reference.optional(),
        limit: z.number().int().min(1).max(1000).default(100),
        /** Only calls started before this call (paging back through history). */
        before: callId.optional(),
      })
      .strict(),
    'The tool call history, newest first.',
  ),
  'mcp.calls.get': method<McpCallRecord>()(z.object({ callId }).strict(), 'One tool call with its arguments and result.'),
  'mcp.calls.stats': method<McpCallStats>()(
    z.object({ hours: z.number().int().min(1).max(24 * 30).default(24) }).strict(),
    'How many tool calls started in the last hours (24 by default), how many failed, and their median duration.',
  ),
  'mcp.calls.replay': method<McpCallRecord>()(
    z.object({ callId, arguments: z.record(z.string(), z.unknown()).optional(), newCallId: newCallIdInput.optional() }).strict(),
    'Call the same tool again with the same (or edited) arguments and wait for the result.',
  ),
  'mcp.calls.clear': method<{ deleted: number }>()(
    z.object({ server: server.optional() }).strict(),
    'Delete finished calls from history (of one server, or all).',
  ),
  'mcp.resources.list': method<McpResourceList>()(serverOrAgent, 'Resources and resource templates of one server, of an agent’s servers, or of all.'),
  'mcp.resources.read': method<McpResourceReadResult>()(z.object({ server, uri: resourceUri }).strict(), 'Read a resource from a server.'),
  'mcp.resources.subscribe': method<{ uri: string; subscribed: boolean }>()(
    z.object({ server, uri: resourceUri }).strict(),
    'Subscribe to a resource (resources/subscribe): mcp.resourceUpdated reports each change; kept across reconnects.',
  ),
  'mcp.resources.unsubscribe': method<{ uri: string; subscribed: boolean }>()(
    z.object({ server, uri: resourceUri }).strict(),
    'Stop a resource subscription (resources/unsubscribe).',
  ),
  'mcp.completions.complete': method<McpCompletion>()(
    completionInput,
    'Suggestions for a prompt argument or a resource template variable as typed so far (completion/complete).',
  ),
  'mcp.prompts.list': method<McpPromptList>()(serverOrAgent, 'Prompts of one server, of an agent’s servers, or of all.'),
  'mcp.prompts.get': method<McpPromptResult>()(
    z.object({ server, name: z.string().trim().min(1).max(256), arguments: z.record(z.string(), z.string()).default({}) }).strict(),
    'Get a prompt from a server, filled with its arguments.',
  ),

  // ------------------------------------------------------------ logs
  'mcp.logs.read': method<McpLogPage>()(
    z.object({ server, afterSeq: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(5000).default(500) }).strict(),
    'A server’s log: stderr lines, notifications/message and connection notes, oldest first.',
  ),
  'mcp.logs.clear': method<{ cleared: number }>()(z.object({ server }).strict(), 'Empty a server’s log buffer.'),
  'mcp.logs.setLevel': method<{ level: McpLogLevel }>()(
    z.object({ server, level: logLevel }).strict(),
    'Ask a server to send log notifications from this level up (logging/setLevel).',
  ),

  // ------------------------------------------------------------ the protocol view
  'mcp.protocol.read': method<McpProtocolPage>()(
    z.object({ server, afterSeq: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(2000).default(500), ...protocolFilter }).strict(),
    'JSON-RPC messages in and out of a server’s connection (redacted), oldest first: the newest `limit`, or those after afterSeq.',
  ),
  'mcp.protocol.export': method<{ fileName: string; count: number; jsonl: string }>()(
    z.object({ server, ...protocolFilter }).strict(),
    'Every kept JSON-RPC message of a server that matches the filter, as JSON lines.',
  ),
  'mcp.protocol.clear': method<{ cleared: number }>()(z.object({ server }).strict(), 'Empty a server’s protocol buffer.'),

  // ------------------------------------------------------------ requests for input (elicitation)
  'mcp.elicitations.list': method<McpElicitation[]>()(z.object({}).strict(), 'Servers’ requests for input waiting for an answer, oldest first, then the URL-mode flows opened and not completed yet (state opened).'),
  'mcp.elicitations.answer': method<{ outcome: McpElicitationAction; url: string | null; opened: boolean }>()(
    z
      .object({
        id: z.string().regex(/^elicit_[A-Za-z0-9-]{1,64}$/, 'a request id looks like elicit_…'),
        action: z.enum(['accept', 'decline', 'cancel']),
        /** The fields asked for; only with accept. */
        content: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])).optional(),
      })
      .strict()
      .refine((input) => input.action === 'accept' || input.content === undefined, { message: 'content goes only with accept', path: ['content'] }),
    'Answer a server’s request for input: accept with the fields (a URL-mode request: accept opens its URL), decline, or cancel.',
  ),

  // ------------------------------------------------------------ roots (the directories granted to a server)
  'mcp.roots.list': method<McpRoot[]>()(z.object({ server }).strict(), 'The directories granted to a server (MCP roots), in order.'),
  'mcp.roots.set': method<McpRoot[]>()(
    z
      .object({
        server,
        /** Absolute directory paths or file:// URIs; an empty list grants none. */
        roots: z.array(z.object({ path: z.string().trim().min(1).max(4096), name: z.string().trim().max(200).optional() }).strict()).max(100),
      })
      .strict(),
    'Replace the directories granted to a server; a connected server is told (roots/list_changed).',
  ),

  // ------------------------------------------------------------ sampling (the operator writes the model's reply)
  'mcp.sampling.list': method<McpSamplingRequest[]>()(z.object({}).strict(), 'Servers’ sampling requests waiting for the operator’s reply, oldest first.'),
  'mcp.sampling.answer': method<{ outcome: McpSamplingAction }>()(
    z
      .object({
        id: z.string().regex(/^sample_[A-Za-z0-9-]{1,64}$/, 'a sampling request id looks like sample_…'),
        action: z.enum(['accept', 'decline']),
        /** The model's message as the operator wrote it; only with accept. */
        reply: z
          .object({
            text: z.string().min(1, 'write the reply'),
            model: z.string().min(1, 'name the model').max(200),
            stopReason: z.string().min(1).max(100).default('endTurn'),
          })
          .strict()
          .optional(),
      })
      .strict()
      .refine((input) => (input.action === 'accept') === (input.reply !== undefined), { message: 'a reply goes with accept, and only with accept', path: ['reply'] }),
    'Answer a server’s sampling request with the reply (text, model, stop reason), or decline it.',
  ),
} as const;
