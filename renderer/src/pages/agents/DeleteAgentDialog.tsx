import type { Agent } from '../../api/agents.ts';
import { useDeleteAgent } from '../../api/agents.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';

export function DeleteAgentDialog({ agent, onClose }: { agent: Agent; onClose: () => void }) {
  const deleteAgent = useDeleteAgent();
  return (
    <ConfirmDialog
      open
      title={`Delete agent ${agent.name}?`}
      confirmLabel="Delete agent"
      busyLabel="Deleting…"
      busy={deleteAgent.isPending}
      error={deleteAgent.error ?? undefined}
      onConfirm={() => deleteAgent.mutate({ agent: agent.id }, { onSuccess: onClose })}
      onCancel={onClose}
    >
      <p>
        The agent <strong>{agent.name}</strong> (<code>{agent.slug}</code>) in crew {agent.crewName} will be removed. This cannot be
        undone.
      </p>
    </ConfirmDialog>
  );
}
