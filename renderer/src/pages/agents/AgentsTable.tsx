import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState } from 'react';
import type { Agent } from '../../api/agents.ts';
import { useRenameAgent } from '../../api/agents.ts';
import { DateTime } from '../../components/DateTime.tsx';
import { RenameForm } from '../../components/RenameForm.tsx';
import { DeleteAgentDialog } from './DeleteAgentDialog.tsx';

const ROW_HEIGHT = 52;

/**
 * Only the rows in view are in the DOM, so thousands of agents scroll as smoothly as ten.
 * ARIA table roles with aria-rowcount/aria-rowindex keep the full size known to screen readers.
 */
export function AgentsTable({ agents }: { agents: readonly Agent[] }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [deleting, setDeleting] = useState<Agent | undefined>(undefined);
  const virtualizer = useVirtualizer({
    count: agents.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => agents[index]?.id ?? index,
  });

  return (
    <>
      <div className="virtual-table" role="table" aria-label="Agents" aria-rowcount={agents.length + 1}>
        <div role="rowgroup" className="virtual-table__head">
          <div role="row" aria-rowindex={1} className="agents-grid">
            <span role="columnheader">Name</span>
            <span role="columnheader">Slug</span>
            <span role="columnheader">Crew</span>
            <span role="columnheader">Created</span>
            <span role="columnheader">
              <span className="visually-hidden">Actions</span>
            </span>
          </div>
        </div>
        <div ref={scrollRef} className="virtual-table__scroll" data-testid="agents-scroll">
          <div role="rowgroup" className="virtual-table__body" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const agent = agents[item.index];
              if (!agent) return null;
              return (
                <div
                  key={item.key}
                  ref={virtualizer.measureElement}
                  data-index={item.index}
                  className="virtual-table__row"
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  <AgentRow agent={agent} rowIndex={item.index + 2} onDelete={() => setDeleting(agent)} />
                </div>
              );
            })}
          </div>
        </div>
      </div>
      {deleting ? <DeleteAgentDialog agent={deleting} onClose={() => setDeleting(undefined)} /> : null}
    </>
  );
}

function AgentRow({ agent, rowIndex, onDelete }: { agent: Agent; rowIndex: number; onDelete: () => void }) {
  const renameAgent = useRenameAgent();
  const [editing, setEditing] = useState(false);
  const renameButton = useRef<HTMLButtonElement>(null);
  const stopEditing = () => {
    setEditing(false);
    // The field goes away; keep the keyboard where it was, on this row's Rename button.
    requestAnimationFrame(() => renameButton.current?.focus());
  };
  return (
    <div role="row" aria-rowindex={rowIndex} className="agents-grid">
      {editing ? (
        // While renaming, the field takes the slug's column too, so a long name fits.
        <span role="cell" className="virtual-table__name virtual-table__name--editing">
          <RenameForm
            currentName={agent.name}
            noun="agent"
            onSave={(name) => renameAgent.mutateAsync({ agent: agent.id, name })}
            onDone={stopEditing}
          />
        </span>
      ) : (
        <>
          <span role="cell" className="virtual-table__name">
            {agent.name}
          </span>
          <span role="cell">
            <code className="slug">{agent.slug}</code>
          </span>
        </>
      )}
      <span role="cell" className="virtual-table__muted">
        {agent.crewName}
      </span>
      <span role="cell" className="virtual-table__muted">
        <DateTime iso={agent.createdAt} />
      </span>
      <span role="cell" className="data-table__actions">
        {editing ? null : (
          <button
            ref={renameButton}
            type="button"
            className="button button--ghost button--small"
            onClick={() => setEditing(true)}
            aria-label={`Rename agent ${agent.name}`}
          >
            Rename
          </button>
        )}
        <button
          type="button"
          className="button button--ghost-danger button--small"
          onClick={onDelete}
          aria-label={`Delete agent ${agent.name}`}
        >
          Delete
        </button>
      </span>
    </div>
  );
}
