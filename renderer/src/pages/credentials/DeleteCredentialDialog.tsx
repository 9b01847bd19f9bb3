import { useDeleteCredential, type Credential } from '../../api/credentials.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';

export function DeleteCredentialDialog({ credential, onClose }: { credential: Credential; onClose: () => void }) {
  const remove = useDeleteCredential();
  const bound = credential.boundServers;
  return (
    <ConfirmDialog
      open
      title={`Delete credential ${credential.label}?`}
      confirmLabel="Delete credential"
      busyLabel="Deleting…"
      busy={remove.isPending}
      error={remove.error ?? undefined}
      onConfirm={() => remove.mutate({ credential: credential.id }, { onSuccess: onClose })}
      onCancel={onClose}
    >
      <p>
        The credential <strong>{credential.label}</strong> ({credential.providerName}) and its sealed secrets will be removed. This cannot be undone.
      </p>
      {credential.status === 'connected' ? (
        <p>Its grant stays valid at {credential.providerName}: Disconnect first to revoke it there.</p>
      ) : null}
      {bound.length > 0 ? <p>MCP servers that use it lose their credential: {bound.map((server) => server.serverName).join(', ')}.</p> : null}
    </ConfirmDialog>
  );
}
