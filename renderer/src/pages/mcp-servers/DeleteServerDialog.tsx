import type { McpServerConfig } from '../../../../main/rpc/contract.ts';
import { useDeleteMcpServer } from '../../api/mcp.ts';
import { DeleteDialog } from '../../components/DeleteDialog.tsx';
import { scopeLabel } from '../../features/mcp/scope-label.ts';

export function DeleteServerDialog({ server, onClose }: { server: McpServerConfig; onClose: () => void }) {
  const mutation = useDeleteMcpServer();
  return (
    <DeleteDialog title={`Delete MCP server ${server.name}?`} confirmLabel="Delete server" mutation={mutation} input={{ server: server.id }} onClose={onClose}>
      <p>
        The config <strong>{server.name}</strong> ({scopeLabel(server.scope)}) will be removed and its connection closed. Agents that use it lose its tools. This cannot be
        undone.
      </p>
    </DeleteDialog>
  );
}
