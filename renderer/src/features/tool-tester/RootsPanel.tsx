import { useId, useState } from 'react';
import type { McpRoot } from '../../../../main/rpc/contract.ts';
import { useMcpRoots, useSetMcpRoots } from '../../api/mcp.ts';
import { useMethodMutation } from '../../api/method-hooks.ts';
import { useSystemInfo } from '../../api/system.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';

const asText = (roots: readonly McpRoot[]) => roots.map((root) => root.path).join('\n');

/**
 * The directories granted to one server (MCP roots), as a text list: one absolute path (or
 * file:// URI) a line. Saving replaces them, and a connected server is told they changed. In the
 * desktop app a folder can also be chosen with the system's dialog; it joins the list unsaved.
 */
export function RootsPanel({ serverId, serverName }: { serverId: string; serverName: string }) {
  const roots = useMcpRoots(serverId);
  const setRoots = useSetMcpRoots();
  const [draft, setDraft] = useState<string | null>(null);
  const fieldId = useId();
  const picker = useSystemInfo().data?.directoryPicker ?? false;
  const pick = useMethodMutation('system.pickDirectory');
  const saved = roots.data ?? [];
  const text = draft ?? asText(saved);
  const save = () =>
    setRoots.mutate(
      { server: serverId, roots: text.split('\n').map((line) => line.trim()).filter(Boolean).map((path) => ({ path })) },
      { onSuccess: () => setDraft(null) },
    );
  return (
    <section className="roots-panel" aria-label={`Roots of ${serverName}`}>
      <label className="field__label" htmlFor={fieldId}>
        Directories granted to {serverName}, one a line
      </label>
      <textarea
        id={fieldId}
        className="input input--mono roots-panel__list"
        rows={4}
        value={text}
        placeholder="/home/me/project"
        spellCheck={false}
        onChange={(event) => setDraft(event.target.value)}
      />
      <p className="schema-form__help">The server sees these as its roots; when they change it is told, and asks again.</p>
      {setRoots.error ? <ErrorNotice error={setRoots.error} compact /> : null}
      {pick.error ? <ErrorNotice error={pick.error} title="The folder dialog did not open" compact /> : null}
      <div className="cluster">
        <button type="button" className="button button--primary" disabled={setRoots.isPending || draft === null} onClick={save}>
          Save roots
        </button>
        {draft !== null ? (
          <button type="button" className="button button--secondary" onClick={() => setDraft(null)}>
            Discard changes
          </button>
        ) : null}
        {picker ? (
          <button
            type="button"
            className="button button--secondary"
            disabled={pick.isPending}
            onClick={() =>
              pick.mutate(
                { title: `A root for ${serverName}` },
                { onSuccess: ({ path }) => path !== null && setDraft((current) => [...(current ?? asText(saved)).split('\n').filter((line) => line.trim() !== ''), path].join('\n')) },
              )
            }
          >
            Choose folder…
          </button>
        ) : null}
        <span className="muted">{saved.length === 0 ? 'None granted.' : `${saved.length} granted.`}</span>
      </div>
    </section>
  );
}
