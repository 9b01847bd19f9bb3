import { useCallback } from 'react';
import { useCurrentWorkspaceId } from '../../api/current-workspace.tsx';
import { useMcpServers } from '../../api/mcp.ts';
import { useSystemInfo } from '../../api/system.ts';
import { cliCallCommand, serverReference } from './cli-command.ts';

/** What a call looks like in a terminal, for this window's data directory, workspace and servers (`asTask`: it runs as a task). */
export function useCliCommand(): (call: { serverId: string; serverName: string; tool: string; arguments: Record<string, unknown>; agentId?: string | null | undefined; asTask?: boolean }) => string {
  const info = useSystemInfo();
  const servers = useMcpServers();
  const workspace = useCurrentWorkspaceId();
  return useCallback(
    (call) =>
      cliCallCommand(
        {
          program: info.data?.cli.program ?? 'crewship',
          dataDirOverride: info.data?.cli.dataDirOverride ?? null,
          workspace: workspace === 'default' ? undefined : workspace,
        },
        { reference: serverReference({ id: call.serverId, name: call.serverName }, servers.data ?? []), agent: call.agentId ?? undefined },
        call.tool,
        call.arguments,
        { asTask: call.asTask ?? false },
      ),
    [info.data, servers.data, workspace],
  );
}
