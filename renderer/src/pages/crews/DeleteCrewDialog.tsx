import { useState } from 'react';
import type { Crew } from '../../api/crews.ts';
import { useDeleteCrew } from '../../api/crews.ts';
import { isRpcError } from '../../api/rpc-error.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';

/**
 * Deleting asks first. A crew that still has agents is refused by the core (`crew_not_empty`);
 * the dialog then says so and offers to delete the crew together with its agents.
 */
export function DeleteCrewDialog({ crew, onClose }: { crew: Crew; onClose: () => void }) {
  const deleteCrew = useDeleteCrew();
  const [withAgents, setWithAgents] = useState(false);
  const refusal = isRpcError(deleteCrew.error, 'crew_not_empty') ? deleteCrew.error : undefined;
  const refusedForAgents = refusal !== undefined;
  const otherError = deleteCrew.isError && !refusedForAgents ? deleteCrew.error : undefined;

  function confirm(): void {
    deleteCrew.mutate(
      { crew: crew.id, ...(withAgents ? { withAgents: true } : {}) },
      {
        onSuccess: onClose,
        onError: (error) => {
          if (isRpcError(error, 'crew_not_empty')) setWithAgents(true);
        },
      },
    );
  }

  const agents = crew.agentCount === 1 ? '1 agent' : `${crew.agentCount} agents`;
  return (
    <ConfirmDialog
      open
      title={withAgents ? `Delete crew ${crew.name} and its agents?` : `Delete crew ${crew.name}?`}
      confirmLabel={withAgents ? `Delete crew and ${agents}` : 'Delete crew'}
      busyLabel="Deleting…"
      busy={deleteCrew.isPending}
      error={otherError}
      onConfirm={confirm}
      onCancel={onClose}
    >
      {withAgents ? (
        <div className="callout callout--warning" role="alert">
          <p>{refusal ? refusal.message : `Crew "${crew.name}" still has ${agents}.`}</p>
          <p>Deleting it also deletes {agents} for good. Their integration access goes with them.</p>
        </div>
      ) : (
        <p>
          The crew <strong>{crew.name}</strong> (<code>{crew.slug}</code>) will be removed. This cannot be undone.
        </p>
      )}
    </ConfirmDialog>
  );
}
