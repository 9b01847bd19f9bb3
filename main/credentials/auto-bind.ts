import type { Actor } from '../audit/audit-entry.ts';

/** One server config that points at a credential (a reference: the token itself is never copied). */
export interface AutoBoundServer {
  serverId: string;
  serverName: string;
  /** Where the config lives, for people: "workspace", "crew night-ops", "agent scout". */
  scope: string;
}

/**
 * What the credentials domain asks of whoever keeps server configs (the MCP domain): when a
 * credential for a provider is created or reconnected, point every config that declares that
 * provider at it, and say which configs point at a credential. Registered at core construction;
 * without one, auto-bind binds nothing.
 */
export interface AutoBinder {
  bindProvider(provider: string, credentialId: string, actor: Actor): AutoBoundServer[];
  boundTo(credentialId: string): AutoBoundServer[];
}

export const noAutoBinder: AutoBinder = {
  bindProvider: () => [],
  boundTo: () => [],
};
