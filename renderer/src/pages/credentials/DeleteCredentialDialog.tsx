import { useDeleteCredential, type Credential } from '../../api/credentials.ts';
import { DeleteDialog } from '../../components/DeleteDialog.tsx';

export function DeleteCredentialDialog({ credential, onClose }: { credential: Credential; onClose: () => void }) {
  const mutation = useDeleteCredential();
  const bound = credential.boundServers;
  return (
    <DeleteDialog title={`Delete credential ${credential.label}?`} confirmLabel="Delete credential" mutation={mutation} input={{ credential: credential.id }} onClose={onClose}>
      <p>
        The credential <strong>{credential.label}</strong> ({credential.providerName}) and its sealed secrets will be removed. This cannot be undone.
      </p>
      {credential.status === 'connected' ? <p>Its grant stays valid at {credential.providerName}: Disconnect first to revoke it there.</p> : null}
      {bound.length > 0 ? <p>MCP servers that use it lose their credential: {bound.map((server) => server.serverName).join(', ')}.</p> : null}
    </DeleteDialog>
  );
}
