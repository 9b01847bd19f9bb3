/**
 * What resolves for an agent, as the doors and the renderer see it: plain shapes, never a secret
 * (a Composio server is named by its MCP server config; the project key reaches it only as the
 * header the gateway injects at connect time).
 */
import type { McpScope } from '../mcp/types.ts';

/** read: only the app's tools hinted read-only; full: all of them. */
export type AccessMode = 'read' | 'full';

/**
 * Why a server resolved: an explicit Composio binding of the agent, the workspace's default
 * connector, or (legacy servers) the scope whose entry won the workspace < crew < agent merge.
 */
type ResolvedServerReason = 'binding' | 'default_connector' | 'workspace' | 'crew' | 'agent';

export interface ResolvedAgentServer {
  /** The MCP server config's name (the `mcpServers` key in the agent's `.mcp.json`). */
  name: string;
  /** The MCP server config the gateway connects. */
  serverId: string;
  kind: 'composio' | 'legacy';
  /** A Composio server's access mode; null for a legacy server. */
  access: AccessMode | null;
  /** A binding's app; null for the default connector (see apps) and legacy servers. */
  app: string | null;
  /** The Composio apps the server reaches (one for a binding, every connected app for the default connector). */
  apps: string[];
  /** The Composio user the server acts for; null for a legacy server. */
  userId: string | null;
  /** `Composio: gmail · Read`, `Composio: github, gmail · Full` (the default connector), or a legacy server's name. */
  displayName: string;
  reason: ResolvedServerReason;
  scope: McpScope;
  /** The MCP server configs this one replaced: wider entries of the same name, or the default connector a binding overrides. */
  shadows: string[];
}

export interface AgentResolution {
  agent: { id: string; slug: string; name: string; crewId: string; crewSlug: string };
  /** Composio servers first (by display name), then legacy ones (by name). */
  servers: ResolvedAgentServer[];
  defaultConnector: {
    /** COMPOSIO_DEFAULT_CONNECTOR is true or 1 in the console's environment, and a project key is in effect. */
    on: boolean;
    /** On, and provisioned (a user and a server): agents without a binding get it. */
    active: boolean;
  };
  /** Legacy servers that would resolve but are off while the default connector flag is on (never deleted). */
  turnedOff: Array<{ serverId: string; name: string }>;
  /** Bindings whose user has no ACTIVE account of the app any more (revoked, expired, removed): kept, but not resolved until one is. */
  withheld: Array<{ serverId: string; name: string; app: string; userId: string }>;
}

export interface AgentPromptBlock {
  agentId: string;
  /** The `[CONNECTED INTEGRATIONS]` block; null when nothing resolves (the block is then omitted). */
  text: string | null;
  serverCount: number;
}
