import type { McpScope } from '../../../../main/rpc/contract.ts';

export function scopeLabel(scope: McpScope): string {
  if (scope.kind === 'workspace') return 'Workspace';
  if (scope.kind === 'crew') return `Crew ${scope.crewName}`;
  return `Agent ${scope.agentName}`;
}
