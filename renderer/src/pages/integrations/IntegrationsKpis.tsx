import { useAgents } from '../../api/agents.ts';
import type { McpCallStats } from '../../../../main/rpc/contract.ts';
import { useMcpCallStats, useMcpStatus } from '../../api/mcp.ts';
import { KpiCard } from '../../components/KpiCard.tsx';
import { formatDuration } from '../../features/tool-tester/results/format.ts';

/** Real numbers where the core has the data; "—" with the reason where the feature has not landed. */
export function IntegrationsKpis() {
  const agents = useAgents();
  const agentCount = agents.data?.length;
  const mcpStatus = useMcpStatus();
  const enabledServers = mcpStatus.data?.filter((status) => status.enabled) ?? [];
  const readyServers = enabledServers.filter((status) => status.state === 'ready').length;
  const callStats = useMcpCallStats();
  return (
    <div className="kpi-row" role="group" aria-label="Integration figures">
      <KpiCard label="Connected accounts" value={undefined} note="Counted once the Composio integration lands." />
      <KpiCard
        label="Agents"
        value={agentCount}
        loading={agents.isPending}
        note={agents.isError ? 'Could not load agents.' : 'Per-agent access arrives with Composio bindings.'}
      />
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

