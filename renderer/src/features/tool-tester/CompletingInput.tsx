import { useEffect, useState } from 'react';
import type { McpCompletionRef } from '../../../../main/rpc/contract.ts';
import { useCompleteMcp } from '../../api/mcp.ts';

/** Asked once typing pauses this long, not at every key. */
const COMPLETION_DELAY_MS = 250;

interface CompletingInputProps {
  id: string;
  server: string;
  /** The prompt or resource template the argument belongs to. */
  completionRef: McpCompletionRef;
  name: string;
  value: string;
  onChange: (value: string) => void;
  /** The other arguments filled in so far, which the server may narrow its suggestions by. */
  context: Record<string, string>;
  /** Only where the server advertises completions. */
  completes: boolean;
  required?: boolean;
}

/**
 * A text field that asks the server for suggestions as the operator types (completion/complete,
 * debounced) and lists them under it; choosing one fills the field. Without the server's
 * completions capability it is a plain field.
 */
export function CompletingInput({ id, server, completionRef, name, value, onChange, context, completes, required }: CompletingInputProps) {
  const complete = useCompleteMcp();
  const [suggestions, setSuggestions] = useState<{ values: string[]; hasMore: boolean } | undefined>(undefined);
  const [asked, setAsked] = useState(false);
  const contextKey = JSON.stringify(context);
  const refKey = JSON.stringify(completionRef);

  useEffect(() => {
    if (!completes || !asked) return;
    let active = true;
    const timer = setTimeout(() => {
      complete({ server, ref: JSON.parse(refKey) as McpCompletionRef, argument: { name, value }, context: JSON.parse(contextKey) as Record<string, string> }).then(
        (completion) => active && setSuggestions({ values: completion.values.slice(0, 20), hasMore: completion.hasMore || completion.values.length > 20 }),
        // A server that fails to suggest leaves the field as it is: completion is a help, not a step.
        () => active && setSuggestions(undefined),
      );
    }, COMPLETION_DELAY_MS);
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [complete, completes, asked, server, refKey, name, value, contextKey]);

  const shown = suggestions?.values ?? [];
  return (
    <div className="completing-input">
      <input
        id={id}
        className="input input--compact input--mono"
        value={value}
        required={required}
        autoComplete="off"
        onFocus={() => setAsked(true)}
        onChange={(event) => {
          setAsked(true);
          onChange(event.target.value);
        }}
      />
      {shown.length > 0 ? (
        <ul className="badge-list completing-input__suggestions" aria-label={`Suggestions for ${name}`}>
          <li className="muted" aria-hidden="true">
            Suggested:
          </li>
          {shown.map((suggestion) => (
            <li key={suggestion}>
              <button type="button" className="button button--secondary button--small input--mono" onClick={() => onChange(suggestion)}>
                {suggestion}
              </button>
            </li>
          ))}
          {suggestions?.hasMore ? <li className="muted">more: keep typing</li> : null}
        </ul>
      ) : null}
    </div>
  );
}
