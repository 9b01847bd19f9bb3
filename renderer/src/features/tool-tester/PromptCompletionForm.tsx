import { useState } from 'react';
import type { McpPrompt } from '../../../../main/rpc/contract.ts';
import { Field } from '../../components/Field.tsx';
import { CompletingInput } from './CompletingInput.tsx';

/** A prompt's arguments as fields the server completes as they are typed (where it advertises completions). */
export function PromptCompletionForm({ prompt, pending, onGet }: { prompt: McpPrompt; pending: boolean; onGet: (args: Record<string, string>) => void }) {
  const [values, setValues] = useState<Record<string, string>>({});
  const filled = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ''));
  return (
    <form
      className="inset-panel"
      aria-label={`Arguments of ${prompt.name}`}
      onSubmit={(event) => {
        event.preventDefault();
        onGet(filled);
      }}
    >
      {prompt.arguments.map((argument) => (
        <Field key={argument.name} label={argument.name} optional={!argument.required}>
          {(id) => (
            <>
              <CompletingInput
                id={id}
                server={prompt.serverId}
                completionRef={{ type: 'ref/prompt', name: prompt.name }}
                name={argument.name}
                value={values[argument.name] ?? ''}
                onChange={(value) => setValues((current) => ({ ...current, [argument.name]: value }))}
                context={Object.fromEntries(Object.entries(filled).filter(([name]) => name !== argument.name))}
                completes
                required={argument.required}
              />
              {argument.description ? <p className="muted">{argument.description}</p> : null}
            </>
          )}
        </Field>
      ))}
      <div className="cluster">
        <button type="submit" className="button button--primary" disabled={pending}>
          {pending ? 'Getting…' : 'Get prompt'}
        </button>
      </div>
    </form>
  );
}
