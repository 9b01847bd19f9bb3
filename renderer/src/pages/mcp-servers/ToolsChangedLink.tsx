import { useServersWithChangedTools } from '../../api/mcp-tool-pins.ts';
import { testerHref } from '../../features/tool-tester/tester-route.ts';

/** "Tools changed" on a server whose tool definitions differ from the pinned ones; the tester shows the diff and accepts it. */
export function ToolsChangedLink({ serverId, serverName }: { serverId: string; serverName: string }) {
  const changed = useServersWithChangedTools();
  if (!changed.data?.includes(serverId)) return null;
  return (
    <a className="badge badge--warning tools-changed-link" href={testerHref(serverId)} aria-label={`Tools changed on ${serverName}: review and accept in the tester`}>
      Tools changed
    </a>
  );
}
