import { useState } from 'react';
import { useDeleteCrew, type Crew } from '../../api/crews.ts';
import { isRpcError } from '../../api/rpc-error.ts';
import { DeleteDialog } from '../../components/DeleteDialog.tsx';

const isNotEmpty = (error: Error) => isRpcError(error, 'crew_not_empty');

/**
 * A crew that still has agents is refused by the core (`crew_not_empty`); the dialog then says so
 * and offers to delete the crew together with its agents.
 */
export function DeleteCrewDialog({ crew, onClose }: { crew: Crew; onClose: () => void }) {
  const mutation = useDeleteCrew();
  const [withAgents, setWithAgents] = useState(false);
  const refusal = mutation.error && isNotEmpty(mutation.error) ? mutation.error : undefined;
  const agents = crew.agentCount === 1 ? '1 agent' : `${crew.agentCount} agents`;
  return (
    <DeleteDialog
      title={withAgents ? `Delete crew ${crew.name} and its agents?` : `Delete crew ${crew.name}?`}
      confirmLabel={withAgents ? `Delete crew and ${agents}` : 'Delete crew'}
      mutation={mutation}
      input={{ crew: crew.id, ...(withAgents ? { withAgents: true } : {}) }}
      onClose={onClose}
      explains={isNotEmpty}
      onError={(error) => {
        if (isNotEmpty(error)) setWithAgents(true);
      }}
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
    </DeleteDialog>
  );
}
