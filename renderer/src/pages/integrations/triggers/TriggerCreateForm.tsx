import Form from '@rjsf/core';
import type { RJSFSchema } from '@rjsf/utils';
import { useState } from 'react';
import type { ComposioInventory } from '../../../api/composio.ts';
import { useComposioTriggerTypes, useCreateComposioTrigger, type ComposioTriggerInstance, type ComposioTriggerType } from '../../../api/composio-access.ts';
import { hrefFor } from '../../../app/hash-route.ts';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { QueryView } from '../../../components/QueryView.tsx';
import { SelectField } from '../../../components/SelectField.tsx';
import { cspSafeValidator } from '../../../features/schema-form/csp-safe-validator.ts';
import { schemaFormTemplates, schemaFormWidgets } from '../../../features/schema-form/templates.tsx';

const uiSchema = { 'ui:submitButtonOptions': { norender: true } };

/**
 * Pick an app and one of its trigger types, fill its config (a form generated from the type's
 * JSON Schema, checked there and again by the core), choose the user whose ACTIVE account it
 * listens on, create.
 */
export function TriggerCreateForm({ inventory, onCreated }: { inventory: ComposioInventory; onCreated: (trigger: ComposioTriggerInstance) => void }) {
  const active = inventory.users.flatMap((entry) => entry.accounts.filter((account) => account.status === 'ACTIVE'));
  const apps = [...new Map(active.map((account) => [account.toolkit, account.toolkitName])).entries()].sort((a, b) => a[1].localeCompare(b[1]));
  const [chosenApp, setChosenApp] = useState('');
  const app = chosenApp || apps[0]?.[0] || '';
  const types = useComposioTriggerTypes(app);
  const [chosenSlug, setChosenSlug] = useState('');
  if (apps.length === 0) {
    return (
      <p className="muted">
        A trigger listens on a user’s ACTIVE connected account: connect one from the <a className="link" href={hrefFor('integrations', 'catalog')}>Catalog</a> first.
      </p>
    );
  }
  const users = [...new Set(active.filter((account) => account.toolkit === app).map((account) => account.userId))].sort();
  return (
    <section className="panel trigger-create" aria-label="Create a trigger">
      <div className="panel__header">
        <h3 className="panel__title">Create a trigger</h3>
        <SelectField
          label="App"
          variant="inline"
          compact
          value={app}
          onChange={(value) => {
            setChosenApp(value);
            setChosenSlug('');
          }}
          options={apps.map(([slug, name]) => ({ value: slug, label: name }))}
        />
      </div>
      <QueryView query={types} what={`the trigger types of ${app}`}>
        {(list) =>
          list.types.length === 0 ? (
            <p className="muted">This app has no trigger types.</p>
          ) : (
            <TypeForm key={`${app}:${chosenSlug}`} types={list.types} slug={chosenSlug || list.types[0]!.slug} onSlug={setChosenSlug} users={users} onCreated={onCreated} />
          )
        }
      </QueryView>
    </section>
  );
}

function TypeForm({
  types,
  slug,
  onSlug,
  users,
  onCreated,
}: {
  types: readonly ComposioTriggerType[];
  slug: string;
  onSlug: (slug: string) => void;
  users: readonly string[];
  onCreated: (trigger: ComposioTriggerInstance) => void;
}) {
  const type = types.find((candidate) => candidate.slug === slug) ?? types[0]!;
  const [user, setUser] = useState(users[0] ?? '');
  const [config, setConfig] = useState<Record<string, unknown>>({});
  const create = useCreateComposioTrigger();
  return (
    <div className="trigger-type">
      <ul className="plain-list trigger-types" aria-label="Trigger types">
        {types.map((candidate) => (
          <li key={candidate.slug}>
            <label className="trigger-types__option">
              <input type="radio" name="trigger-type" checked={candidate.slug === type.slug} onChange={() => onSlug(candidate.slug)} />
              <span>
                <strong>{candidate.name}</strong> <span className="badge badge--muted">{candidate.kind === 'webhook' ? 'Webhook' : 'Polling'}</span>
                <code className="slug">{candidate.slug}</code>
                <span className="muted trigger-types__description">{candidate.description}</span>
              </span>
            </label>
          </li>
        ))}
      </ul>
      <div className="trigger-config">
        <h4>{type.name}: its configuration</h4>
        {type.instructions ? <p className="muted">{type.instructions}</p> : null}
        <SelectField label="User" variant="inline" compact value={user} onChange={setUser} options={users.map((id) => ({ value: id, label: id }))} />
        <Form
          className="schema-form"
          idPrefix={`trigger-${type.slug}`}
          schema={type.config as RJSFSchema}
          uiSchema={uiSchema}
          formData={config}
          validator={cspSafeValidator}
          templates={schemaFormTemplates}
          widgets={schemaFormWidgets}
          disabled={create.isPending}
          noHtml5Validate
          showErrorList={false}
          focusOnFirstError
          onError={() => undefined}
          onChange={(event) => setConfig((event.formData ?? {}) as Record<string, unknown>)}
          onSubmit={(event) =>
            create.mutate(
              { user, slug: type.slug, config: (event.formData ?? {}) as Record<string, unknown> },
              {
                onSuccess: (trigger) => {
                  setConfig({});
                  onCreated(trigger);
                },
              },
            )
          }
        >
          {create.isError ? <ErrorNotice error={create.error} title="The trigger was not created" compact /> : null}
          <button type="submit" className="button button--primary" disabled={create.isPending || user === ''}>
            {create.isPending ? 'Creating…' : `Create ${type.name}`}
          </button>
        </Form>
      </div>
    </div>
  );
}
