import type { RJSFSchema } from '@rjsf/utils';
import { useReducer, useRef, useState } from 'react';
import type { McpElicitation, McpElicitationAction, MethodInput } from '../../../../main/rpc/contract.ts';
import { useAnswerMcpElicitation, useMcpElicitations, useMcpSamplingRequests } from '../../api/mcp.ts';
import { DateTime } from '../../components/DateTime.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { ArgumentsEditor, defaultArguments, type ArgumentsEditorHandle, type ArgumentsMode } from '../schema-form/ArgumentsEditor.tsx';
import { argumentsReducer, initialArguments } from '../schema-form/arguments-sync.ts';
import { RequestCard } from './RequestCard.tsx';
import { SamplingRequest } from './SamplingRequest.tsx';
import { CompletedUrlFlow, UrlRequest, useCompletedUrlFlows } from './UrlRequest.tsx';

/**
 * The operator desk: servers' requests that wait on a person (elicitation in form or URL mode,
 * sampling), on every page. A tool call, the operator's or an agent's, waits until someone answers
 * here or the request expires.
 */
export function InputRequests() {
  const elicitations = useMcpElicitations().data ?? [];
  const sampling = useMcpSamplingRequests().data ?? [];
  const completed = useCompletedUrlFlows(elicitations);
  if (elicitations.length + sampling.length + completed.flows.length === 0) return null;
  return (
    <section className="input-requests" aria-label="Requests for input">
      {elicitations.map((request) => (request.mode === 'url' ? <UrlRequest key={request.id} request={request} /> : <InputRequest key={request.id} request={request} />))}
      {completed.flows.map((flow) => (
        <CompletedUrlFlow key={flow.request.id} flow={flow} onDismiss={() => completed.dismiss(flow.request.id)} />
      ))}
      {sampling.map((request) => (
        <SamplingRequest key={request.id} request={request} />
      ))}
    </section>
  );
}

type Content = NonNullable<MethodInput<'mcp.elicitations.answer'>['content']>;

function InputRequest({ request }: { request: McpElicitation }) {
  const schema = request.requestedSchema as RJSFSchema;
  const [args, dispatch] = useReducer(argumentsReducer, schema, (initial) => initialArguments(defaultArguments(initial)));
  const [mode, setMode] = useState<ArgumentsMode>('form');
  const editor = useRef<ArgumentsEditorHandle>(null);
  const answer = useAnswerMcpElicitation();
  const send = (action: McpElicitationAction, content?: Record<string, unknown>) =>
    answer.mutate({ id: request.id, action, ...(content ? { content: content as Content } : {}) });

  return (
    <RequestCard
      title={`${request.serverName} asks for input`}
      callId={request.callId}
      when={
        <>
          Cancelled for the server if unanswered by <DateTime iso={request.expiresAt} />
        </>
      }
    >
      <p className="input-request__message">{request.message}</p>
      <ArgumentsEditor
        ref={editor}
        idPrefix={`input-${request.id}`}
        schema={schema}
        state={args}
        dispatch={dispatch}
        mode={mode}
        onModeChange={setMode}
        onRun={(value) => send('accept', value)}
        disabled={answer.isPending}
      />
      {answer.error ? <ErrorNotice error={answer.error} compact /> : null}
      <div className="cluster">
        <button type="button" className="button button--primary" disabled={answer.isPending} onClick={() => editor.current?.run()}>
          Send
        </button>
        <button type="button" className="button button--secondary" disabled={answer.isPending} onClick={() => send('decline')}>
          Decline
        </button>
        <button type="button" className="button button--secondary" disabled={answer.isPending} onClick={() => send('cancel')}>
          Cancel
        </button>
      </div>
    </RequestCard>
  );
}
