import { useComposioInventory, useComposioStatus } from '../../api/composio.ts';
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
      <KpiCard label="Apps" value={counts?.apps} loading={composio.isPending} note={composioNote ?? 'Apps with a connected account.'} />
      <KpiCard
        label="MCP servers ready"
        value={mcpStatus.data ? readyServers : undefined}
        loading={mcpStatus.isPending}
        note={mcpStatus.isError ? 'Could not read MCP status.' : `of ${enabledServers.length} enabled; servers connect when first used.`}
      />
      <KpiCard label="Tool calls" value={callStats.data?.calls} loading={callStats.isPending} note={callStatsNote(callStats.data, callStats.isError)} />
    </div>
  );
}

function callStatsNote(stats: McpCallStats | undefined, failedToLoad: boolean): string {
  if (failedToLoad) return 'Could not read the call history.';
  if (!stats) return 'In the last 24 hours.';
  if (stats.calls === 0) return 'None in the last 24 hours: try a tool in the Tools tab.';
  const median = stats.medianDurationMs === null ? '' : ` · median ${formatDuration(stats.medianDurationMs)}`;
  return `In the last 24 hours · ${stats.failed.toLocaleString()} failed${median}.`;
}

