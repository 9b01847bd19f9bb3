import type { AgentsService } from '../agents/agents-service.ts';
import type { DomainContext } from '../app/domain-context.ts';
import type { CredentialsService } from '../credentials/credentials-service.ts';
import type { CrewsService } from '../crews/crews-service.ts';
import { AppError } from '../errors/app-error.ts';
import { CallHistory } from './call-history.ts';
import { McpConfigFiles } from './config-files.ts';
import type { CredentialSecret } from './connection-plan.ts';
import { McpGateway, type GatewayOptions } from './gateway.ts';
import { McpServersService } from './servers-service.ts';

/** The MCP domain as the core holds it: configs, `.mcp.json` files, and the gateway. */
export interface McpDomain {
  servers: McpServersService;
  files: McpConfigFiles;
  gateway: McpGateway;
}

export function createMcpDomain(
  ctx: DomainContext,
  deps: { crews: CrewsService; agents: AgentsService; credentials: CredentialsService; dataDir: string },
  options: GatewayOptions = {},
): McpDomain {
  const servers = new McpServersService(ctx, deps.crews, deps.agents);
  const history = new CallHistory(ctx.db, ctx.workspaceId);
  history.markAbandoned();
  const gateway = new McpGateway(
    { servers, agents: deps.agents, history, bus: ctx.bus, readSecret: (credentialId) => readSecret(deps.credentials, credentialId) },
    options,
  );
  return { servers, files: new McpConfigFiles({ servers, agents: deps.agents, audit: ctx.audit, dataDir: deps.dataDir }), gateway };
}

/**
 * A bound credential's secret, read from the vault (through the credentials domain) for one
 * connect: the access token of a connected OAuth credential, else its client secret (an API key).
 */
function readSecret(credentials: CredentialsService, credentialId: string): CredentialSecret {
  const credential = credentials.get(credentialId);
  const secrets = credentials.secrets(credential.id);
  const token = secrets.accessToken ?? secrets.clientSecret;
  if (!token) {
    throw new AppError(
      'credential_has_no_secret',
      `The credential "${credential.label}" holds no token yet.`,
      'Connect it (complete its OAuth flow), then connect the server again.',
      'failure',
    );
  }
  return { token, username: credential.clientId };
}
