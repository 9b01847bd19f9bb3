import { useMemo, useState } from 'react';
import type { McpResourceTemplate } from '../../../../main/rpc/contract.ts';
import { Field } from '../../components/Field.tsx';
import { CompletingInput } from './CompletingInput.tsx';
import { expandTemplate, templateVariables } from './uri-template.ts';

interface TemplateFormProps {
  template: McpResourceTemplate;
  /** The server advertises completions: its variables are completed as they are typed. */
  completes: boolean;
  onRead: (uri: string) => void;
}

/** A resource template's RFC 6570 variables as fields, the URI they make, and Read. */
export function TemplateForm({ template, completes, onRead }: TemplateFormProps) {
  const variables = useMemo(() => templateVariables(template.uriTemplate), [template.uriTemplate]);
  const [values, setValues] = useState<Record<string, string>>({});
  const uri = expandTemplate(template.uriTemplate, values);
  const complete = variables.every((name) => (values[name] ?? '') !== '');
  return (
    <form
      className="inset-panel"
      aria-label={`Read ${template.title ?? template.name}`}
      onSubmit={(event) => {
        event.preventDefault();
        if (complete) onRead(uri);
      }}
    >
      <p className="template-form__title">
        <strong>{template.title ?? template.name}</strong> <code className="break-all">{template.uriTemplate}</code>
      </p>
      {template.description ? <p className="muted">{template.description}</p> : null}
      {variables.map((name) => (
        <Field key={name} label={name}>
          {(id) => (
            <CompletingInput
              id={id}
              server={template.serverId}
              completionRef={{ type: 'ref/resource', uri: template.uriTemplate }}
              name={name}
              value={values[name] ?? ''}
              onChange={(value) => setValues((current) => ({ ...current, [name]: value }))}
              context={Object.fromEntries(Object.entries(values).filter(([other, value]) => other !== name && value !== ''))}
              completes={completes}
              required
            />
          )}
        </Field>
      ))}
      <p className="muted">
        URI: <code className="break-all">{uri}</code>
      </p>
      <button type="submit" className="button button--secondary button--small" disabled={!complete}>
        Read {template.title ?? template.name}
      </button>
    </form>
  );
}
