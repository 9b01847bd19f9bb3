import { useState } from 'react';
import type { McpResourceTemplate } from '../../../../main/rpc/contract.ts';
import { useMcpEvent, useMcpStatus, useSubscribeMcpResource, useUnsubscribeMcpResource } from '../../api/mcp.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { TemplateForm } from './TemplateForm.tsx';

interface Target {
  serverId: string;
  uri: string;
}

/** What a server's status says it offers (completions, subscriptions) and the URIs subscribed to. */
function useServerSession(serverId: string) {
  const status = useMcpStatus().data?.find((candidate) => candidate.serverId === serverId);
  return {
    completes: status?.capabilities?.completions ?? false,
    subscribes: status?.capabilities?.resourcesSubscribe ?? false,
    subscriptions: status?.subscriptions ?? [],
  };
}

/** Resource templates, each opening a form for its variables; a filled-in template is read like a resource. */
export function ResourceTemplates({ templates, onRead }: { templates: McpResourceTemplate[]; onRead: (target: Target) => void }) {
  const [openKey, setOpenKey] = useState<string | undefined>(undefined);
  const keyOf = (template: McpResourceTemplate) => `${template.serverId}|${template.uriTemplate}`;
  const open = templates.find((template) => keyOf(template) === openKey);
  return (
    <section className="resource-templates" aria-label="Resource templates">
      <h4 className="resource-templates__heading">Resource templates ({templates.length})</h4>
      <ul className="template-list">
        {templates.map((template) => (
          <li key={keyOf(template)}>
            <button
              type="button"
              className={`template-list__item${keyOf(template) === openKey ? ' template-list__item--selected' : ''}`}
              aria-label={template.title ?? template.name}
              aria-pressed={keyOf(template) === openKey}
              onClick={() => setOpenKey(keyOf(template) === openKey ? undefined : keyOf(template))}
            >
              <span className="grouped-list__name">{template.title ?? template.name}</span>
              <code className="grouped-list__description" title={template.uriTemplate}>
                {template.uriTemplate}
              </code>
            </button>
          </li>
        ))}
      </ul>
      {open ? <TemplateFormFor key={keyOf(open)} template={open} onRead={(uri) => onRead({ serverId: open.serverId, uri })} /> : null}
    </section>
  );
}

function TemplateFormFor({ template, onRead }: { template: McpResourceTemplate; onRead: (uri: string) => void }) {
  const { completes } = useServerSession(template.serverId);
  return <TemplateForm template={template} completes={completes} onRead={onRead} />;
}

/** Subscribe / Unsubscribe, where the server offers subscriptions. */
export function SubscribeToggle({ target }: { target: Target }) {
  const { subscribes, subscriptions } = useServerSession(target.serverId);
  const subscribe = useSubscribeMcpResource();
  const unsubscribe = useUnsubscribeMcpResource();
  if (!subscribes) return null;
  const subscribed = subscriptions.includes(target.uri);
  const pending = subscribe.isPending || unsubscribe.isPending;
  const error = subscribe.error ?? unsubscribe.error;
  return (
    <>
      <button
        type="button"
        className="button button--secondary button--small"
        disabled={pending}
        aria-pressed={subscribed}
        onClick={() => (subscribed ? unsubscribe : subscribe).mutate({ server: target.serverId, uri: target.uri })}
      >
        {subscribed ? 'Unsubscribe' : 'Subscribe to updates'}
      </button>
      {error ? <ErrorNotice error={error} title="The subscription did not change" compact /> : null}
    </>
  );
}

/** Counts the server's updates of the resource shown, and re-reads it at each. */
export function useResourceUpdates(target: Target, onUpdated: () => void): { count: number; lastAt: string | null } {
  const [updates, setUpdates] = useState<{ key: string; count: number; lastAt: string | null }>({ key: '', count: 0, lastAt: null });
  const key = `${target.serverId}|${target.uri}`;
  useMcpEvent('mcp.resourceUpdated', (event) => {
    if (event.serverId !== target.serverId || event.uri !== target.uri) return;
    setUpdates((current) => ({ key, count: (current.key === key ? current.count : 0) + 1, lastAt: event.at }));
    onUpdated();
  });
  return updates.key === key ? updates : { count: 0, lastAt: null };
}
