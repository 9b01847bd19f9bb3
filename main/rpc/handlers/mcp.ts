import type { AccessService } from '../../access/access-service.ts';
import { AppError } from '../../errors/app-error.ts';
import type { ElicitationDesk } from '../../mcp/elicitations.ts';
import type { McpDomain } from '../../mcp/index.ts';
import type { SamplingDesk } from '../../mcp/sampling.ts';
import { openedIn, type OpenExternal } from './open-external.ts';
import type { mcpMethods } from '../methods/mcp.ts';
import type { HandlersOf } from '../router.ts';

export type McpServices = Pick<McpDomain, 'servers' | 'files' | 'gateway' | 'pins'>;

export function mcpHandlers({ servers, files, gateway }: McpServices, access: AccessService, openExternal: OpenExternal): HandlersOf<keyof typeof mcpMethods> {
  return {
    'mcp.servers.list': (input) => servers.list(input),
    'mcp.servers.get': ({ server }) => servers.get(server),
    'mcp.servers.create': (input, { actor }) => servers.create(input, actor),
    'mcp.servers.update': (input, { actor }) => servers.update(input, actor),
    'mcp.servers.duplicate': (input, { actor }) => servers.duplicate(input, actor),
    'mcp.servers.setEnabled': (input, { actor }) => servers.setEnabled(input, actor),
    'mcp.servers.delete': (input, { actor }) => servers.delete(input, actor),
    'mcp.servers.bindCredential': ({ server, credentialId, injection }, { actor }) => servers.bindCredential(server, credentialId, injection, actor),

    'mcp.config.import': (input, { actor }) => files.import(input, actor),
    'mcp.config.importVariables': (input) => files.importVariables(input),
    'mcp.config.export': (input) => files.export(input),
    'mcp.config.writeAgentFile': ({ agent }, { actor }) => files.writeAgentFile(agent, actor),
    'mcp.config.resolve': ({ agent }) => access.resolveAgent(agent).servers,

    'mcp.status': ({ server }) => gateway.status(server),
    'mcp.servers.connect': (input) => gateway.connect(input),
    'mcp.servers.reconnect': ({ server }) => gateway.reconnect(server),
    'mcp.servers.disconnect': ({ server }) => gateway.disconnect(server),
    'mcp.servers.ping': ({ server }) => gateway.ping(server),

    'mcp.tools.list': (input) => gateway.tools(input),
    'mcp.tools.call': (input, { actor }) => gateway.call(input, actor),
    'mcp.calls.start': (input, { actor }) => gateway.start(input, actor),
    'mcp.calls.cancel': ({ callId }) => gateway.cancel(callId),
    'mcp.calls.list': (input) => gateway.listCalls(input),
    'mcp.calls.get': ({ callId }) => gateway.getCall(callId),
    'mcp.calls.stats': ({ hours }) => gateway.callStats(hours),
    'mcp.calls.replay': (input, { actor }) => gateway.replay(input, actor),
    'mcp.calls.clear': ({ server }) => gateway.clearCalls(server),
    'mcp.resources.list': (input) => gateway.resources(input),
    'mcp.resources.read': ({ server, uri }) => gateway.readResource(server, uri),
    'mcp.resources.subscribe': ({ server, uri }) => gateway.setSubscribed(server, uri, true),
    'mcp.resources.unsubscribe': ({ server, uri }) => gateway.setSubscribed(server, uri, false),
    'mcp.completions.complete': (input) => gateway.complete(input),
    'mcp.prompts.list': (input) => gateway.prompts(input),
    'mcp.prompts.get': ({ server, name, arguments: args }) => gateway.getPrompt(server, name, args),
    'mcp.elicitations.list': () => gateway.elicitations?.list() ?? [],
    'mcp.elicitations.answer': async ({ id, action, content }) => {
      const answered = requireElicitations(gateway).answer(id, action, content);
      // A URL-mode request accepted: open it for the operator where this door can (the app); else the caller opens it.
      return { ...answered, opened: answered.url !== null && (await openedIn(openExternal, answered.url)) };
    },
    'mcp.roots.list': ({ server }) => gateway.roots(server),
    'mcp.roots.set': ({ server, roots }) => gateway.setRoots(server, roots),
    'mcp.sampling.list': () => gateway.sampling?.list() ?? [],
    'mcp.sampling.answer': ({ id, action, reply }) => requireSampling(gateway).answer(id, action, reply),

    'mcp.logs.read': ({ server, afterSeq, limit }) => gateway.readLog(server, afterSeq, limit),
    'mcp.logs.clear': ({ server }) => gateway.clearLog(server),
    'mcp.logs.setLevel': ({ server, level }) => gateway.setLogLevel(server, level),
    'mcp.protocol.read': ({ server, ...filter }) => gateway.readProtocol(server, filter),
    'mcp.protocol.export': ({ server, ...filter }) => gateway.exportProtocol(server, filter),
    'mcp.protocol.clear': ({ server }) => gateway.clearProtocol(server),
  };
}

function requireSampling(gateway: McpServices['gateway']): SamplingDesk {
  if (gateway.sampling) return gateway.sampling;
  throw new AppError(
    'mcp_sampling_off',
    'This console does not take sampling requests from servers (a one-shot command has no one to write the reply).',
    'Answer them in the app or in `crewship serve`, where servers are offered sampling.',
  );
}

function requireElicitations(gateway: McpServices['gateway']): ElicitationDesk {
  if (gateway.elicitations) return gateway.elicitations;
  throw new AppError(
    'mcp_elicitations_off',
    'This console does not take requests for input from servers (a one-shot command has no one to ask).',
    'Answer them in the app or in `crewship serve`, where servers are offered elicitation.',
  );
}
