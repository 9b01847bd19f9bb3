import type { McpProtocolNotice, McpResourceUpdated } from './protocol-types.ts';
import type { McpSamplingOutcome, McpSamplingRequest } from './sampling-types.ts';
import type { McpCallSummary, McpCallTask, McpElicitation, McpElicitationOutcome, McpLogLine, McpRoot, McpServerStatus } from './types.ts';

/** What the MCP domain publishes: server configs (servers-service), connections, calls and logs (the gateway), requests for input. */
export interface McpEvents {
  /** A server config was created, edited or deleted (serverId null: many, e.g. an import). */
  'mcp.serversChanged': { serverId: string | null; change: 'created' | 'updated' | 'deleted' };
  /** A server's connection status changed. */
  'mcp.status': McpServerStatus;
  /** A server's tools (or resources, or prompts) list changed. */
  'mcp.toolsChanged': { serverId: string; serverName: string; toolCount: number; resourceCount: number; promptCount: number };
  /** A server's tool definitions differ from the pinned ones after a listing, or the operator accepted them or changed the hold. */
  'mcp.toolPinsChanged': { serverId: string; reason: 'listed' | 'accepted' | 'hold' };
  'mcp.callStarted': McpCallSummary;
  'mcp.callProgress': { callId: string; serverId: string; progress: number; total: number | null; message: string | null };
  /** The end of a call; `mcp.calls.get` has its result. */
  'mcp.callFinished': McpCallSummary;
  /** A call run as a task: the task the server created, and each status it reported since. */
  'mcp.callTask': { callId: string; serverId: string; task: McpCallTask };
  'mcp.log': McpLogLine;
  /** A subscribed resource changed on its server (`notifications/resources/updated`); read it again to see how. */
  'mcp.resourceUpdated': McpResourceUpdated;
  /** One JSON-RPC message in or out of a connection (the protocol view), without its body. */
  'mcp.protocolMessage': McpProtocolNotice;
  /** A server asks the operator for input (`mcp.elicitations.answer` answers it). */
  'mcp.elicitationRequested': McpElicitation;
  'mcp.elicitationEnded': { id: string; serverId: string; callId: string | null; outcome: McpElicitationOutcome; at: string };
  /** The directories granted to a server changed (it was told, if connected). */
  'mcp.rootsChanged': { serverId: string; serverName: string; roots: McpRoot[] };
  /** A server asks the operator to write a model's reply (`mcp.sampling.answer` answers it). */
  'mcp.samplingRequested': McpSamplingRequest;
  'mcp.samplingEnded': { id: string; serverId: string; callId: string | null; outcome: McpSamplingOutcome; at: string };
}
