import type { AgentsService } from '../agents/agents-service.ts';
import type { DomainContext } from '../store/domain-context.ts';
import type { CredentialsService } from '../credentials/credentials-service.ts';
import type { CrewsService } from '../crews/crews-service.ts';
import { CallHistory } from './call-history.ts';
import { McpConfigFiles } from './config-files.ts';
import { credentialSecretSource } from './credential-secrets.ts';
import type { PlanSources } from './connection-plan.ts';
import { McpGateway, type GatewayOptions } from './gateway.ts';
import { McpRoots } from './roots.ts';
import { McpServerSecrets } from './server-secrets.ts';
import { McpServersService } from './servers-service.ts';
import { ToolPins } from './tool-pins.ts';
import { ToolSightings } from './tool-sightings.ts';
import type { Vault } from '../vault/vault.ts';

/** The MCP domain as the core holds it: configs, `.mcp.json` files, and the gateway. */
export interface McpDomain {
  servers: McpServersService;
  files: McpConfigFiles;
  gateway: McpGateway;
  /** The tool definitions accepted per server (pinned), and what changed since. */
  pins: ToolPins;
  /** Sealed values that servers' placeholders read. */
  secrets: McpServerSecrets;
  /** The tool call history, which the gateway writes; the core reads other processes' calls from it. */
  history: CallHistory;
}

export function createMcpDomain(
  ctx: DomainContext,
  deps: {
    crews: CrewsService;
    agents: AgentsService;
    credentials: CredentialsService;
    /** The OAuth domain's refresh: a token about to expire is refreshed before a connection uses it. */
    refreshCredential: (credentialId: string) => Promise<unknown>;
    dataDir: string;
    vault: Vault;
    auth?: PlanSources['auth'];
    /** Headers a managed server's keeper injects at connect time (the Composio project key). */
    managedHeaders?: PlanSources['managedHeaders'];
  },
  options: GatewayOptions = {},
): McpDomain {
  const secrets = new McpServerSecrets(ctx.db, deps.vault);
  const servers = new McpServersService(ctx, deps.crews, deps.agents, secrets);
  const history = new CallHistory(ctx.db, ctx.workspaceId, ctx.logInternalError);
  const pins = new ToolPins(ctx);
  history.markAbandoned();
  const gateway = new McpGateway(
    {
      servers,
      agents: deps.agents,
      history,
      sightings: new ToolSightings(ctx.db),
      pins,
      roots: new McpRoots(ctx.db),
      bus: ctx.bus,
      secrets: credentialSecretSource(deps.credentials, deps.refreshCredential),
      sealed: (serverId) => secrets.values(serverId),
      auth: deps.auth,
      managedHeaders: deps.managedHeaders,
      logInternalError: ctx.logInternalError,
    },
    options,
  );
  return { servers, files: new McpConfigFiles({ servers, agents: deps.agents, audit: ctx.audit, dataDir: deps.dataDir }), gateway, secrets, history, pins };
}
