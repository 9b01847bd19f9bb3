import type { McpToolChange } from '../../../../main/rpc/contract.ts';
import { useAcceptMcpTools, useHoldMcpTools, useMcpToolDiff } from '../../api/mcp-tool-pins.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { DefinitionDiff } from './DefinitionDiff.tsx';

const CHANGE_LABEL = { added: 'Added', removed: 'Removed', changed: 'Changed' } as const;

/**
 * "Tools changed": the server's tool definitions differ from the ones pinned when it was first
 * seen (or last accepted). Shows each changed field as a line diff, accepts them, and sets whether
 * agents are shown changed tools before they are accepted.
 */
export function ToolPinsNotice({ serverId }: { serverId: string }) {
  const diff = useMcpToolDiff(serverId);
  const accept = useAcceptMcpTools();
  const hold = useHoldMcpTools();
  if (!diff.data) return null;
  const { changes, holdChanged, serverName } = diff.data;
  const holdToggle = (
    <label className="checkbox-field">
      <input type="checkbox" checked={holdChanged} disabled={hold.isPending} onChange={(event) => hold.mutate({ server: serverId, hold: event.target.checked })} /> Hold changed tools back from
      agents until accepted
    </label>
  );
  if (changes.length === 0) {
    return (
      <details className="disclosure tool-pins">
        <summary>Tool definitions pinned</summary>
        <p className="muted">The tools of {serverName} are as accepted. A change to a tool’s name, description, schemas or annotations will show here.</p>
        {holdToggle}
      </details>
    );
  }
  return (
    <section className="callout callout--warning tool-pins" aria-label={`Tools changed on ${serverName}`}>
      <strong>
        Tools changed on {serverName} ({changes.length})
      </strong>
      <p>
        The server’s tool definitions differ from the ones accepted. Read what changed before agents use them.
        {holdChanged ? ' Agents are not shown these tools until you accept them.' : ' Agents are shown them already.'}
      </p>
      <ul className="stack-list" aria-label="Changed tools">
        {changes.map((change) => (
          <ChangeItem key={change.name} change={change} />
        ))}
      </ul>
      <div className="cluster">
        <button type="button" className="button button--primary" disabled={accept.isPending} onClick={() => accept.mutate({ server: serverId })}>
          Accept changes
        </button>
        {holdToggle}
      </div>
      {accept.isError ? <ErrorNotice error={accept.error} title="Could not accept the changes" compact /> : null}
      {hold.isError ? <ErrorNotice error={hold.error} title="Could not change the hold" compact /> : null}
    </section>
  );
}

function ChangeItem({ change }: { change: McpToolChange }) {
  return (
    <li>
      <span className="badge badge--warning">{CHANGE_LABEL[change.change]}</span> <code>{change.name}</code>
      {change.change === 'changed'
        ? change.fields.map((field) => (
            <div key={field.field} className="tool-pins__field" role="group" aria-label={`${field.field} of ${change.name}`}>
              <span className="tool-pins__field-name">{field.field}</span>
              <DefinitionDiff before={field.before} after={field.after} label={`Changes to ${field.field}`} />
            </div>
          ))
        : null}
    </li>
  );
}
