/**
 * Agent access over Composio, as the doors and the renderer see it: bindings, their preview, the
 * default connector, each agent's endpoints, usage. Never a secret: a URL here has no key in it
 * (the gateway injects the project key as a header at connect time).
 */
import type { AccessMode, ResolvedAgentServer } from '../access/types.ts';
import type { ErrorBody } from '../errors/app-error.ts';
import type { McpConnectionState } from '../mcp/types.ts';

/** A tool a scope yields, as the binding editor lists it. */
interface ComposioScopedTool {
  slug: string;
  name: string;
  readOnly: boolean;
  destructive: boolean;
}

/** One app of an agent's binding: one scoped Composio MCP server. */
export interface ComposioBinding {
  agentId: string;
  agentSlug: string;
  agentName: string;
  /** Every binding of an agent has the same user. */
  userId: string;
  app: string;
  appName: string;
  scope: AccessMode;
  /** The MCP server config the gateway connects (the agent's scope, managed by Composio: not editable by hand). */
  serverId: string;
  serverName: string;
  /** Composio's id of the scoped MCP server. */
  composioServerId: string;
  /** The allowed tool slugs the scope gives (what the server exposes). */
  tools: string[];
  /**
   * The user still has an ACTIVE account of the app (as last seen when an account changed). False:
   * the account was revoked, expired or removed — the binding is kept, but its server is withheld
   * from what resolves for the agent (no tools) until an account of the app is ACTIVE again.
   */
  accountActive: boolean;
  createdAt: string;
  updatedAt: string;
}

type ComposioBindingChange = 'add' | 'scope' | 'unchanged' | 'remove';

interface ComposioBindingPreviewApp {
  app: string;
  appName: string;
  /** The scope after the change (the current one for a removal). */
  scope: AccessMode;
  previousScope: AccessMode | null;
  change: ComposioBindingChange;
  /** The tools this app and scope yield. */
  tools: ComposioScopedTool[];
  /** Of the app's tools, how many the scope leaves out. */
  withheld: number;
  /** The user's ACTIVE account of this app; null when there is none (then `problem` says what to do). */
  accountId: string | null;
  problem: ErrorBody | null;
}

/** What `composio.bindings.set` would change, computed without changing anything. */
export interface ComposioBindingPreview {
  agent: { id: string; slug: string; name: string };
  userId: string;
  /** The user the agent is bound to now; null when it has no binding. */
  previousUserId: string | null;
  /** The agent is bound to another user: only `replace` may change it. */
  changesUser: boolean;
  apps: ComposioBindingPreviewApp[];
  /** Whether `set` with the same input would succeed; else `problems` say why. */
  allowed: boolean;
  problems: ErrorBody[];
}

export interface ComposioBindingResult {
  bindings: ComposioBinding[];
  preview: ComposioBindingPreview;
}

/** The workspace's default connector (COMPOSIO_DEFAULT_CONNECTOR). */
export interface ComposioDefaultConnector {
  /** COMPOSIO_DEFAULT_CONNECTOR is true or 1 in the console's environment. */
  flag: boolean;
  /** A project key is in effect (the flag never enables Composio without one). */
  keyConfigured: boolean;
  /** Flag, key and a provisioned server: agents without a binding get it, and legacy servers are off. */
  active: boolean;
  /** The default user whose connected accounts back it; null until enabled or set. */
  userId: string | null;
  /** The MCP server config (workspace scope, managed by Composio); null until provisioned. */
  serverId: string | null;
  serverName: string | null;
  composioServerId: string | null;
  /** The default user's connected (ACTIVE) apps the server reaches, with full access. */
  apps: string[];
  toolCount: number;
  /** Users with at least one ACTIVE connected account, as last read from Composio. */
  connectedUsers: number;
  provisionedAt: string | null;
  /** What to do next, when it is not active. */
  hint: string | null;
}

/** One resolved server of an agent, as the MCP endpoints tab shows it. */
export interface AgentEndpoint extends ResolvedAgentServer {
  agentId: string;
  agentSlug: string;
  agentName: string;
  transport: 'stdio' | 'streamable-http' | 'sse';
  /** The URL the gateway connects, with any user or secret part masked; null for a stdio server. */
  url: string | null;
  /** The connected server's tool count, else (Composio) the allowed tools; null when unknown. */
  toolCount: number | null;
  state: McpConnectionState;
  /** This endpoint as a `.mcp.json` (placeholders for anything secret, `${COMPOSIO_API_KEY}` for the key). */
  mcpJson: string;
}

export interface AgentEndpointTest {
  agentId: string;
  serverId: string;
  state: McpConnectionState;
  tools: Array<{ name: string; description: string | null }>;
  latencyMs: number;
  error: ErrorBody | null;
}

/** The KPI header's Composio figures. */
export interface ComposioUsage {
  /** Agents with at least one binding. */
  boundAgents: number;
  /** Tool calls to Composio-managed servers since the start of this month (UTC), from the call history. */
  toolCallsThisMonth: number;
  freeTierLimit: number;
  monthStart: string;
  /** Composio-managed MCP server configs, and how many of them are connected and ready. */
  managedServers: number;
  managedReady: number;
}
