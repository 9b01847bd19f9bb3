import { useDeleteAgent, type Agent } from '../../api/agents.ts';
import { DeleteDialog } from '../../components/DeleteDialog.tsx';

export function DeleteAgentDialog({ agent, onClose }: { agent: Agent; onClose: () => void }) {
  const mutation = useDeleteAgent();
  return (
    <DeleteDialog title={`Delete agent ${agent.name}?`} confirmLabel="Delete agent" mutation={mutation} input={{ agent: agent.id }} onClose={onClose}>
      <p>
        The agent <strong>{agent.name}</strong> (<code>{agent.slug}</code>) in crew {agent.crewName} will be removed. This cannot be undone.
      </p>
    </DeleteDialog>
  );
}
