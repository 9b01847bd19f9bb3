import { useComposioInventory, useComposioStatus } from '../../api/composio.ts';
import { useComposioUsage } from '../../api/composio-access.ts';
import type { McpCallStats } from '../../../../main/rpc/contract.ts';
import { useMcpCallStats, useMcpStatus } from '../../api/mcp.ts';
import { KpiCard } from '../../components/KpiCard.tsx';
import { formatDuration } from '../../features/tool-tester/results/format.ts';

/**
 * Real numbers where the core has the data; "—" with the reason where it has none. The Composio
 * figures are re-read on every Composio event (accounts connected, revoked, seen expired).
 */
export function IntegrationsKpis() {
  const composio = useComposioStatus();
  const configured = composio.data?.configured === true;
  // Read live from Composio (the same query as the unfiltered Connected accounts tab); the status's
  // counts are the last reading's, shown until then and whenever Composio cannot be reached.
  const inventory = useComposioInventory({}, configured);
  const counts = configured ? (inventory.data?.counts ?? composio.data?.counts) : undefined;
  const composioNote = composio.isError ? 'Could not read Composio.' : composio.data && !composio.data.configured ? 'Add a Composio project key to count them.' : undefined;
  const mcpStatus = useMcpStatus();
  const enabledServers = mcpStatus.data?.filter((status) => status.enabled) ?? [];
  const readyServers = enabledServers.filter((status) => status.state === 'ready').length;
  const callStats = useMcpCallStats();
  const usage = useComposioUsage(configured);
  const usageNote = composioNote ?? (usage.isError ? 'Could not read the Composio usage.' : undefined);
  return (
    <div className="kpi-row kpi-row--integrations" role="group" aria-label="Integration figures">
      <KpiCard label="Connected accounts" value={counts?.accounts} loading={composio.isPending} note={composioNote ?? 'Through Composio, across every user.'} />
      <KpiCard
        label="Need attention"
        value={counts?.needsAttention}
        loading={composio.isPending}
        note={composioNote ?? (counts && counts.needsAttention > 0 ? 'Expired, failed or inactive: see Connected accounts.' : 'None expired, failed or inactive.')}
      />
      <KpiCard label="Users" value={counts?.users} loading={composio.isPending} note={composioNote ?? 'user_ids with at least one account.'} />
      <KpiCard label="Bound agents" value={configured ? usage.data?.boundAgents : undefined} loading={configured && usage.isPending} note={usageNote ?? 'Agents with a Composio binding (see Agent access).'} />
      <KpiCard
        label="Composio calls"
        value={configured ? usage.data?.toolCallsThisMonth : undefined}
        loading={configured && usage.isPending}
        note={usageNote ?? (usage.data ? `This month, of the ${usage.data.freeTierLimit.toLocaleString()} free tier (${freeTierShare(usage.data.toolCallsThisMonth, usage.data.freeTierLimit)}).` : 'This month, against the free tier.')}
      />
      <KpiCard
        label="MCP servers ready"
        value={mcpStatus.data ? readyServers : undefined}
        loading={mcpStatus.isPending}
        note={mcpStatus.isError ? 'Could not read MCP status.' : `of ${enabledServers.length} enabled${usage.data && usage.data.managedServers > 0 ? ` (Composio: ${usage.data.managedReady} of ${usage.data.managedServers})` : ''}; servers connect when first used.`}
      />
      <KpiCard label="Tool calls" value={callStats.data?.calls} loading={callStats.isPending} note={callStatsNote(callStats.data, callStats.isError)} />
    </div>
  );
}

function freeTierShare(calls: number, limit: number): string {
  const share = limit > 0 ? (calls / limit) * 100 : 0;
  return `${share < 1 && calls > 0 ? '<1' : Math.round(share)}%`;
}

function callStatsNote(stats: McpCallStats | undefined, failedToLoad: boolean): string {
  if (failedToLoad) return 'Could not read the call history.';
  if (!stats) return 'In the last 24 hours.';
  if (stats.calls === 0) return 'None in the last 24 hours: try a tool in the Tools tab.';
  const median = stats.medianDurationMs === null ? '' : ` · median ${formatDuration(stats.medianDurationMs)}`;
  return `In the last 24 hours · ${stats.failed.toLocaleString()} failed${median}.`;
}

