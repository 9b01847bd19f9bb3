import type { McpServerStatus } from '../../../../main/rpc/contract.ts';

export const stateLabel: Record<McpServerStatus['state'], string> = {
  disabled: 'Disabled',
  idle: 'Not connected',
  connecting: 'Connecting…',
  ready: 'Ready',
  failed: 'Failed',
};

export function StatusPill({ state }: { state: McpServerStatus['state'] }) {
  return <span className={`status-pill status-pill--${state}`}>{stateLabel[state]}</span>;
}
