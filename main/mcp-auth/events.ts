import type { McpAuthFlow } from './types.ts';

/** What the MCP authorization domain publishes. */
export interface McpAuthEvents {
  /** A sign-in moved on (a step ran, a request was made, it finished); the whole flow, secrets redacted. */
  'mcpAuth.flow': McpAuthFlow;
  /** A server's sign-in changed: signed in, refreshed, refused, signed out. */
  'mcpAuth.changed': { serverId: string; change: 'signed_in' | 'refreshed' | 'refused' | 'signed_out' };
}
