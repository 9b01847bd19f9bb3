import type { ComposioBindingPreview } from '../../../api/composio-access.ts';
import { RpcError } from '../../../api/rpc-error.ts';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { LoadingState } from '../../../components/LoadingState.tsx';

export function scopeLabel(scope: 'read' | 'full'): string {
  return scope === 'read' ? 'Read' : 'Full';
}

const changeText: Record<ComposioBindingPreview['apps'][number]['change'], string> = {
  add: 'Added',
  scope: 'Scope changed',
  unchanged: 'Unchanged',
  remove: 'Removed',
};

/** What Save would change, as the core computed it (composio.bindings.preview): nothing is changed yet. */
export function BindingPreview({ preview, agentName, withheldApps }: { preview: ComposioBindingPreview | undefined; agentName: string; withheldApps: readonly string[] }) {
  if (!preview) return <LoadingState label="Previewing what changes…" />;
  // An app's own problem shows beside its app; the other user's binding is the callout (and the question on Save).
  const ofApps = new Set(preview.apps.map((app) => app.problem?.message));
  const problems = preview.problems.filter((problem) => problem.code !== 'composio_binding_other_user' && !ofApps.has(problem.message));
  return (
    <section className="binding-preview" aria-label="Preview of what changes">
      <h4 className="binding-preview__title">What Save changes</h4>
      {preview.changesUser ? (
        <div className="callout callout--warning" role="note">
          <p>
            <strong>
              {agentName} is bound to {preview.previousUserId} now.
            </strong>{' '}
            Saving replaces that user with {preview.userId}: the servers for {preview.previousUserId}’s apps are deleted. You are asked before anything changes.
          </p>
        </div>
      ) : null}
      <ul className="plain-list binding-preview__list">
        {preview.apps.map((app) => (
          <li key={`${app.change}:${app.app}`} className={`binding-preview__item binding-preview__item--${app.change}`}>
            <span className={`badge ${app.change === 'remove' ? 'badge--danger' : app.change === 'unchanged' ? 'badge--muted' : 'badge--success'}`}>
              {app.change === 'unchanged' && withheldApps.includes(app.app) ? 'Kept, withheld' : changeText[app.change]}
            </span>{' '}
            <strong>{app.appName}</strong>{' '}
            {app.change === 'remove'
              ? `(${scopeLabel(app.scope)}): its server is deleted.`
              : app.change === 'unchanged' && withheldApps.includes(app.app)
                ? `· ${scopeLabel(app.scope)}: kept; no tools until its account is ACTIVE again.`
              : app.change === 'scope' && app.previousScope
                ? `${scopeLabel(app.previousScope)} → ${scopeLabel(app.scope)}: ${app.tools.length} tools.`
                : `· ${scopeLabel(app.scope)}: ${app.tools.length} tools${app.withheld > 0 ? `, ${app.withheld} withheld` : ''}.`}
          </li>
        ))}
      </ul>
      {problems.map((problem, index) => (
        <ErrorNotice key={index} error={new RpcError(problem)} title="Cannot save this binding yet" compact />
      ))}
    </section>
  );
}
