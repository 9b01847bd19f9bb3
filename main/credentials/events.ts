import type { AutoBoundServer } from './auto-bind.ts';

/** What the credentials domain publishes. */
export interface CredentialEvents {
  'credentials.changed': { credentialId: string; change: 'created' | 'updated' | 'tested' | 'deleted' };
  /** MCP server configs of the credential's provider now reference it. */
  'credentials.autoBound': { credentialId: string; provider: string; servers: AutoBoundServer[] };
}
