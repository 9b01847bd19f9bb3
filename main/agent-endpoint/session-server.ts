import type { Agent } from '../agents/agent.ts';
import { AppError } from '../errors/app-error.ts';
import type { InternalErrorLog } from '../errors/fail-safe.ts';
import { failSafe } from '../errors/fail-safe.ts';
import { APP_VERSION } from '../system/app-version.ts';
import type { AgentEndpointService } from './agent-endpoint-service.ts';

/** The SDK's server side, loaded with the first session: a console no agent talks to never imports it. */
async function importServerSdk() {
  const [server, types, streamableHttp] = await Promise.all([
    import('@modelcontextprotocol/sdk/server/index.js'),
    import('@modelcontextprotocol/sdk/types.js'),
    import('@modelcontextprotocol/sdk/server/streamableHttp.js'),
  ]);
  return { Server: server.Server, types, StreamableHTTPServerTransport: streamableHttp.StreamableHTTPServerTransport };
}

type ServerSdk = Awaited<ReturnType<typeof importServerSdk>>;
let loading: Promise<ServerSdk> | undefined;

export function loadServerSdk(): Promise<ServerSdk> {
  loading ??= importServerSdk();
  return loading;
}

type McpServer = InstanceType<ServerSdk['Server']>;

/** What the agent may read of a failure: an AppError's sentence and hint (never a secret); anything else is the console's fault. */
function toMcpError(sdk: ServerSdk, error: unknown, log: InternalErrorLog): Error {
  const { McpError, ErrorCode } = sdk.types;
  if (error instanceof McpError) return error;
  if (error instanceof AppError) return new McpError(error.code === 'agent_tool_not_found' ? ErrorCode.InvalidParams : ErrorCode.InternalError, `${error.message} ${error.hint}`);
  log('agent endpoint request', error);
  return new McpError(ErrorCode.InternalError, 'The console failed to answer this request.');
}

/**
 * One agent's MCP server for one session: the SDK's Server over what the agent endpoint
 * aggregates. Its instructions name the servers that are down when the session starts; a later
 * change to the agent's lists is announced with list_changed.
 */
export async function createAgentMcpServer(service: AgentEndpointService, agent: Agent, log: InternalErrorLog): Promise<{ server: McpServer; stopWatching: () => void }> {
  const sdk = await loadServerSdk();
  const { types } = sdk;
  const { unavailable } = await service.catalog(agent.id);
  const server = new sdk.Server(
    { name: 'crewship-console', title: `Crewship Console · ${agent.name}`, version: APP_VERSION },
    { capabilities: { tools: { listChanged: true }, resources: { listChanged: true }, prompts: { listChanged: true } }, instructions: service.instructions(agent, unavailable) },
  );
  const guarded: Guard = (work) => async (...args) => {
    try {
      return await work(...args);
    } catch (error) {
      throw toMcpError(sdk, error, log);
    }
  };

  server.setRequestHandler(
    types.ListToolsRequestSchema,
    guarded(async () => {
      const catalog = await service.catalog(agent.id);
      const tools = catalog.tools
        .filter((tool) => tool.entry.policy !== 'deny')
        .map(({ entry, source }) => ({
          name: entry.name,
          ...(source.title ? { title: source.title } : {}),
          ...(source.description ? { description: source.description } : {}),
          inputSchema: source.inputSchema as { type: 'object' },
          ...(source.outputSchema ? { outputSchema: source.outputSchema as { type: 'object' } } : {}),
          ...(source.annotations ? { annotations: source.annotations } : {}),
          ...(source.icons.length > 0 ? { icons: source.icons } : {}),
          _meta: { ...source.meta, 'crewship/server': entry.serverName, 'crewship/tool': entry.tool, 'crewship/policy': entry.policy },
        }));
      // The agent is told which servers are down: their tools are missing from this list.
      const down = catalog.unavailable.map((item) => ({ server: item.serverName, state: item.state, error: item.error?.message ?? null }));
      return { tools, _meta: { 'crewship/unavailable': down } };
    }),
  );
  server.setRequestHandler(
    types.CallToolRequestSchema,
    guarded(async (request, extra) => {
      const progressToken = request.params._meta?.progressToken;
      const onProgress =
        progressToken === undefined
          ? undefined
          : failSafe('agent endpoint progress', log, (progress: { progress: number; total: number | null; message: string | null }) =>
              extra.sendNotification({
                method: 'notifications/progress',
                params: { progressToken, progress: progress.progress, ...(progress.total === null ? {} : { total: progress.total }), ...(progress.message === null ? {} : { message: progress.message }) },
              }),
            );
      return service.callTool(agent.id, request.params.name, request.params.arguments ?? {}, { signal: extra.signal, onProgress });
    }),
  );
  serveResourcesAndPrompts(server, sdk, service, agent.id, guarded);
  const announce = failSafe('agent endpoint list_changed', log, async () => {
    await server.sendToolListChanged();
    await server.sendResourceListChanged();
    await server.sendPromptListChanged();
  });
  const stopWatching = service.watch(agent.id, () => announce());
  return { server, stopWatching };
}

/** A handler whose failures reach the agent as MCP errors it can read. */
type Guard = <A extends unknown[], R>(work: (...args: A) => Promise<R>) => (...args: A) => Promise<R>;

/** Resources keep their servers' URIs (names are namespaced); prompts are namespaced like tools. */
function serveResourcesAndPrompts(server: McpServer, sdk: ServerSdk, service: AgentEndpointService, agentId: string, guarded: Guard): void {
  const { types } = sdk;
  server.setRequestHandler(
    types.ListResourcesRequestSchema,
    guarded(async () => ({ resources: (await service.resources(agentId)).resources.map(({ serverId: _id, serverName: _name, title, description, mimeType, size, ...rest }) => ({ ...rest, ...defined({ title, description, mimeType, size }) })) })),
  );
  server.setRequestHandler(
    types.ListResourceTemplatesRequestSchema,
    guarded(async () => ({ resourceTemplates: (await service.resources(agentId)).templates.map(({ serverId: _id, serverName: _name, title, description, mimeType, ...rest }) => ({ ...rest, ...defined({ title, description, mimeType }) })) })),
  );
  server.setRequestHandler(
    types.ReadResourceRequestSchema,
    guarded(async (request) => ({ contents: (await service.readResource(agentId, request.params.uri)).contents })),
  );
  server.setRequestHandler(
    types.ListPromptsRequestSchema,
    guarded(async () => ({
      prompts: (await service.prompts(agentId)).map((prompt) => ({
        name: prompt.name,
        ...defined({ title: prompt.title, description: prompt.description }),
        arguments: prompt.arguments.map((argument) => ({ name: argument.name, required: argument.required, ...defined({ description: argument.description }) })),
      })),
    })),
  );
  server.setRequestHandler(
    types.GetPromptRequestSchema,
    guarded(async (request) => {
      const result = await service.getPrompt(agentId, request.params.name, request.params.arguments ?? {});
      return { messages: result.messages, ...defined({ description: result.description }) };
    }),
  );
}

/** The fields that have a value: the protocol has optional fields where the console's shapes have null. */
function defined<T extends Record<string, unknown>>(fields: T): Partial<{ [K in keyof T]: NonNullable<T[K]> }> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null && value !== undefined)) as Partial<{ [K in keyof T]: NonNullable<T[K]> }>;
}
