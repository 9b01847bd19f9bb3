import type { Credential } from '../../../credentials/credential.ts';
import { printLines } from '../../kit.ts';

export function printBound(bound: Array<{ serverName: string; scope: string }>): void {
  if (bound.length === 0) return;
  printLines([`Auto-bound MCP servers (they reference this credential): ${bound.map((server) => `${server.serverName} (${server.scope})`).join(', ')}.`]);
}

export function printCredential(c: Credential): void {
  const lines: Array<[string, string]> = [
    ['id', c.id],
    ['provider', c.custom ? `${c.providerName} (custom: ${c.custom.authorizeUrl})` : c.providerName],
    ['status', statusText(c)],
    ['client id', c.clientId],
    ['client secret', clientSecretText(c)],
    ['scopes asked', c.requestedScopes.join(' ') || '(none)'],
    ['scopes granted', c.grantedScopes ? c.grantedScopes.join(' ') || '(none)' : '-'],
    ['not granted', c.missingScopes.join(' ') || '-'],
    ['refresh token', c.hasRefreshToken ? 'held (sealed)' : 'none'],
    ['expires', c.expiresAt ?? '-'],
    ['last test', lastTestText(c)],
    ['last passed', c.lastTestPassedAt ?? 'never'],
    ['bound servers', c.boundServers.map((server) => `${server.serverName} (${server.scope})`).join(', ') || '-'],
  ];
  if (c.reauthReason) lines.splice(3, 0, ['reason', c.reauthReason]);
  if (c.damaged) lines.splice(3, 0, ['damaged', `${c.damaged.column}: ${c.damaged.message}`], ['repair', c.damaged.hint]);
  printLines([c.label, ...lines.map(([name, value]) => `  ${name.padEnd(15)}${value}`)]);
}

function clientSecretText(c: Credential): string {
  if (c.clientSecretPreview) return `${c.clientSecretPreview} (sealed)`;
  return c.damaged?.column === 'client_secret' ? 'damaged' : 'none (public client)';
}

/** damaged, connected, expiring in N min, expired, needs re-authorization, never connected, disconnected. */
export function statusText(c: Credential): string {
  if (c.damaged) return `damaged (${c.damaged.code})`;
  if (c.status === 'needs_reauth') return 'needs re-authorization';
  if (c.status === 'never_connected') return 'never connected';
  if (c.status === 'disconnected') return 'disconnected';
  if (!c.expiresAt) return 'connected';
  const minutes = Math.round((Date.parse(c.expiresAt) - Date.now()) / 60_000);
  if (minutes < 0) return 'expired';
  return minutes <= 15 ? `expiring in ${minutes} min` : 'connected';
}

export function lastTestText(c: Credential): string {
  if (!c.lastTest) return 'never';
  return c.lastTest.ok ? `passed ${c.lastTest.at}` : `${c.lastTest.problem} ${c.lastTest.at}`;
}
