import type { z } from 'zod';
import type { MethodSpec } from './method.ts';
import { accessMethods } from './methods/access.ts';
import { agentEndpointMethods } from './methods/agent-endpoint.ts';
import { composioMethods } from './methods/composio.ts';
import { composioTriggerMethods } from './methods/composio-triggers.ts';
import { credentialMethods } from './methods/credentials.ts';
import { crewMethods } from './methods/crews.ts';
import { mcpMethods } from './methods/mcp.ts';
import { mcpAuthMethods } from './methods/mcp-auth.ts';
import { mcpCollectionMethods } from './methods/mcp-collections.ts';
import { mcpToolPinMethods } from './methods/mcp-tool-pins.ts';
import { registryMethods } from './methods/registry.ts';
import { systemMethods } from './methods/system.ts';
import { workspaceMethods } from './methods/workspaces.ts';
import { connectionMethods } from './methods/connections.ts';

/**
 * The one contract behind the three doors: every operation's name, the zod schema its input
 * must pass before any service sees it, and (as a type only) what it returns. Each domain's
 * methods are declared in methods/<domain>.ts and joined here.
 */
export const contract = {
  ...systemMethods,
  ...crewMethods,
  ...credentialMethods,
  ...mcpMethods,
  ...mcpAuthMethods,
  ...mcpCollectionMethods,
  ...mcpToolPinMethods,
  ...composioMethods,
  ...composioTriggerMethods,
  ...accessMethods,
  ...agentEndpointMethods,
  ...workspaceMethods,
  ...connectionMethods,
  ...registryMethods,
} as const;

type Contract = typeof contract;
export type MethodName = keyof Contract & string;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = Contract[M] extends MethodSpec<z.ZodType, infer O> ? O : never;

/** How every door answers; `ErrorBody.code` is one of the registry's codes (main/errors/codes.ts, docs/errors.md). */
export type { Envelope, ErrorBody } from '../errors/app-error.ts';
export type { ErrorCode } from '../errors/codes.ts';

export const methodNames = Object.keys(contract) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(contract, name);
}

/** The renderer imports nothing of main/ but this folder: the other types it needs come through here. */
export type {
  McpCallRecord,
  McpCallStats,
  McpCallStatus,
  McpCallSummary,
  McpCallTask,
  McpTaskTransition,
  McpContent,
  McpElicitation,
  McpElicitationAction,
  McpRoot,
  McpHiddenTool,
  McpLogLevel,
  McpLogLine,
  McpProgress,
  McpPrompt,
  McpResource,
  McpResourceTemplate,
  McpScope,
  McpServerConfig,
  McpServerStatus,
  McpTool,
  McpUnavailableServer,
} from '../mcp/types.ts';
export type { McpCompletionRef, McpProtocolMessage } from '../mcp/protocol-types.ts';
export type { McpCollectionCase, McpCollectionReport } from '../mcp/collection-types.ts';
export type { McpToolChange } from '../mcp/tool-pin-types.ts';
export type { McpSamplingMessage, McpSamplingRequest } from '../mcp/sampling-types.ts';
export type * from '../composio/types.ts';
export type * from '../composio/trigger-shapes.ts';
export type * from '../composio/access-types.ts';
export type * from '../access/types.ts';
export type * from '../mcp-auth/types.ts';
export type { StartedSignIn } from './methods/mcp-auth.ts';
export type * from '../agent-endpoint/types.ts';
export type { Workspace } from '../workspaces/workspace.ts';
export type { ConnectionMessage, CrewConnection, SharedFile } from '../connections/connection.ts';
export type {
  RegistryInstallField,
  RegistryInstallRecord,
  RegistryServerDetail,
  RegistryServerSummary,
  RegistrySyncStatus,
} from '../registry/types.ts';
