import { useDeleteMcpServer, type McpServerConfig } from '../../api/mcp.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { scopeLabel } from '../../features/mcp/scope-label.ts';

export function DeleteServerDialog({ server, onClose }: { server: McpServerConfig; onClose: () => void }) {
  const deleteServer = useDeleteMcpServer();
  return (
    <ConfirmDialog
      open
      title={`Delete MCP server ${server.name}?`}
      confirmLabel="Delete server"
      busyLabel="Deleting…"
      busy={deleteServer.isPending}
      error={deleteServer.error ?? undefined}
      onConfirm={() => deleteServer.mutate({ server: server.id }, { onSuccess: onClose })}
      onCancel={onClose}
    >
      <p>
        The config <strong>{server.name}</strong> ({scopeLabel(server.scope)}) will be removed and its connection closed. Agents that use it lose its tools. This cannot be
        undone.
      </p>
    </ConfirmDialog>
  );
}
