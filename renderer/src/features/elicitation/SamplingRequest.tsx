import { useId, useState } from 'react';
import type { McpSamplingMessage, McpSamplingRequest } from '../../../../main/rpc/contract.ts';
import { useAnswerMcpSampling } from '../../api/mcp.ts';
import { DateTime } from '../../components/DateTime.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Field } from '../../components/Field.tsx';
import { TextField } from '../../components/TextField.tsx';
import { RequestCard } from './RequestCard.tsx';

/** The model name a reply claims by default: the server's first hint, else the console itself. */
function suggestedModel(request: McpSamplingRequest): string {
  const hints = (request.modelPreferences?.hints ?? []) as { name?: unknown }[];
  const hinted = hints.find((hint) => typeof hint.name === 'string')?.name;
  return typeof hinted === 'string' ? hinted : 'crewship-operator';
}

/**
 * A server's sampling request (`sampling/createMessage`): the operator reads the messages (and the
 * tools the model may use) and writes the model's reply, or declines. The call waits meanwhile.
 */
export function SamplingRequest({ request }: { request: McpSamplingRequest }) {
  const [text, setText] = useState('');
  const [model, setModel] = useState(() => suggestedModel(request));
  const [stopReason, setStopReason] = useState('endTurn');
  const answer = useAnswerMcpSampling();
  const stopReasonsId = useId();
  const busy = answer.isPending;
  return (
    <RequestCard
      title={`${request.serverName} asks for a model’s reply`}
      callId={request.callId}
      className="sampling-request"
      when={
        <>
          At most {request.maxTokens} tokens{request.temperature === null ? '' : `, temperature ${request.temperature}`} · Refused for the server if unanswered by{' '}
          <DateTime iso={request.expiresAt} />
        </>
      }
    >
      {request.systemPrompt ? (
        <p className="sampling-request__system">
          <span className="muted">System prompt: </span>
          {request.systemPrompt}
        </p>
      ) : null}
      <ol className="stack-list" aria-label="Messages">
        {request.messages.map((message, index) => (
          <SamplingMessage key={index} message={message} />
        ))}
      </ol>
      <SamplingPreferences request={request} />
      {request.tools.length > 0 ? (
        <details className="sampling-request__tools">
          <summary>
            {request.tools.length === 1 ? '1 tool' : `${request.tools.length} tools`} the model may use
            {request.toolChoice ? ` · tool choice: ${TOOL_CHOICE_WORDS[request.toolChoice]}` : null}
          </summary>
          <ul className="stack-list" aria-label="Tools offered to the model">
            {request.tools.map((tool) => (
              <li key={tool.name} className="inset-panel">
                <span>
                  <code>{tool.name}</code>
                  {tool.description ? ` — ${tool.description}` : null}
                </span>
                <pre className="code-block" aria-label={`${tool.name} input schema`}>
                  {JSON.stringify(tool.inputSchema, null, 2)}
                </pre>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <Field label="Reply">
        {(id) => <textarea id={id} className="input sampling-request__reply" rows={4} value={text} onChange={(event) => setText(event.target.value)} disabled={busy} />}
      </Field>
      <div className="cluster">
        <TextField label="Model" value={model} onChange={setModel} variant="narrow" mono disabled={busy} />
        <TextField label="Stop reason" value={stopReason} onChange={setStopReason} variant="narrow" mono disabled={busy} list={`${stopReasonsId}`} />
        <datalist id={`${stopReasonsId}`}>
          <option value="endTurn" />
          <option value="stopSequence" />
          <option value="maxTokens" />
        </datalist>
      </div>
      {answer.error ? <ErrorNotice error={answer.error} compact /> : null}
      <div className="cluster">
        <button
          type="button"
          className="button button--primary"
          disabled={busy || text.trim() === ''}
          onClick={() => answer.mutate({ id: request.id, action: 'accept', reply: { text, model, stopReason } })}
        >
          Send reply
        </button>
        <button type="button" className="button button--secondary" disabled={busy} onClick={() => answer.mutate({ id: request.id, action: 'decline' })}>
          Decline
        </button>
      </div>
    </RequestCard>
  );
}

const TOOL_CHOICE_WORDS: Record<NonNullable<McpSamplingRequest['toolChoice']>, string> = {
  auto: 'the model decides',
  required: 'the model must use one',
  none: 'the model must not use them',
};

const PRIORITIES = [
  ['costPriority', 'cost'],
  ['speedPriority', 'speed'],
  ['intelligencePriority', 'intelligence'],
] as const;

/**
 * What the server would like of the model (its hints, in order, and its priorities from 0 to 1)
 * and where the reply should stop: what a real client weighs to pick a model, shown to the operator
 * who stands in for it.
 */
function SamplingPreferences({ request }: { request: McpSamplingRequest }) {
  const preferences = request.modelPreferences ?? {};
  const hints = (Array.isArray(preferences.hints) ? preferences.hints : []).flatMap((hint: { name?: unknown }) => (typeof hint?.name === 'string' ? [hint.name] : []));
  const priorities = PRIORITIES.flatMap(([key, word]) => (typeof preferences[key] === 'number' ? [`${word} ${preferences[key]}`] : []));
  if (hints.length === 0 && priorities.length === 0 && request.stopSequences.length === 0) return null;
  return (
    <dl className="sampling-request__preferences" aria-label="Model preferences">
      {hints.length > 0 ? (
        <div>
          <dt className="muted">Models asked for</dt>
          <dd className="sampling-request__codes">
            {hints.map((hint, index) => (
              <code key={index}>{hint}</code>
            ))}
          </dd>
        </div>
      ) : null}
      {priorities.length > 0 ? (
        <div>
          <dt className="muted">Priorities (0–1)</dt>
          <dd>{priorities.join(' · ')}</dd>
        </div>
      ) : null}
      {request.stopSequences.length > 0 ? (
        <div>
          <dt className="muted">Stop sequences</dt>
          <dd className="sampling-request__codes">
            {request.stopSequences.map((sequence, index) => (
              <code key={index}>{JSON.stringify(sequence)}</code>
            ))}
          </dd>
        </div>
      ) : null}
    </dl>
  );
}

function SamplingMessage({ message }: { message: McpSamplingMessage }) {
  return (
    <li className={`sampling-message sampling-message--${message.role}`}>
      <span className="sampling-message__role">{message.role}</span>
      {message.content.map((block, index) => (
        <p key={index} className="sampling-message__block">
          {block.type === 'text' && typeof block.text === 'string' ? block.text : <code>{JSON.stringify(block)}</code>}
        </p>
      ))}
    </li>
  );
}
