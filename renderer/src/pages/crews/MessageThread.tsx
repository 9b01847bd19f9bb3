import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { describeJsonError, parseJsonText } from '../../../../main/rpc/json-text.ts';
import type { MethodInput } from '../../../../main/rpc/contract.ts';
import { useSendMessage, useThread, type ConnectionMessage, type CrewConnection } from '../../api/connections.ts';
import { DateTime } from '../../components/DateTime.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { LoadingState } from '../../components/LoadingState.tsx';
import { SelectField } from '../../components/SelectField.tsx';

/**
 * The connection's messages in order, live: a message from any door (the CLI, an agent over REST)
 * arrives as an event and the thread re-reads. The operator acts as one of the two crews: reading
 * as it marks the other crew's messages read for it, and messages are sent as it.
 */
export function MessageThread({ connection }: { connection: CrewConnection }) {
  const [actingAs, setActingAs] = useState(connection.crews[0].id);
  const thread = useThread(connection.id, actingAs);
  const bottom = useRef<HTMLLIElement>(null);
  const count = thread.data?.length ?? 0;
  // Braced: Chromium's scrollIntoView may return a promise, which an effect must not return.
  useEffect(() => {
    bottom.current?.scrollIntoView({ block: 'nearest' });
  }, [count]);
  const crewOptions = connection.crews.map((crew) => ({ value: crew.id, label: crew.name }));
  return (
    <section className="thread" aria-label="Messages">
      <div className="thread__header">
        <h3 className="thread__title">Messages</h3>
        <SelectField label="Acting as" compact variant="narrow" value={actingAs} onChange={setActingAs} options={crewOptions} />
      </div>
      {thread.isError ? (
        <ErrorNotice error={thread.error} title="Could not load the messages" onRetry={() => void thread.refetch()} />
      ) : thread.data === undefined ? (
        <LoadingState label="Loading messages…" />
      ) : (
        <ol className="thread__messages plain-list" role="log" aria-label="Message thread" aria-live="polite" tabIndex={0}>
          {thread.data.length === 0 ? (
            <li className="thread__empty muted">No messages yet. Write the first one below; agents of either crew can read it over REST.</li>
          ) : (
            thread.data.map((message) => <MessageItem key={message.id} message={message} connection={connection} own={message.senderCrewId === actingAs} />)
          )}
          <li ref={bottom} aria-hidden="true" />
        </ol>
      )}
      {connection.status === 'active' ? (
        <Composer connection={connection} actingAs={actingAs} />
      ) : (
        <p className="muted">The connection is closed: its messages stay readable, and no more can be sent.</p>
      )}
    </section>
  );
}

function MessageItem({ message, connection, own }: { message: ConnectionMessage; connection: CrewConnection; own: boolean }) {
  const sender = connection.crews.find((crew) => crew.id === message.senderCrewId)?.name ?? message.senderCrewSlug;
  return (
    <li className={own ? 'message message--own' : 'message'} aria-label={`Message ${message.seq} from ${sender}`}>
      <div className="message__meta">
        <strong>{sender}</strong> <span className="muted">#{message.seq}</span> <DateTime iso={message.sentAt} />
      </div>
      <p className="message__text">{message.text}</p>
      {message.payload !== null ? (
        <details className="message__payload">
          <summary>JSON payload</summary>
          <pre>{JSON.stringify(message.payload, null, 2)}</pre>
        </details>
      ) : null}
    </li>
  );
}

function Composer({ connection, actingAs }: { connection: CrewConnection; actingAs: string }) {
  const send = useSendMessage();
  const [text, setText] = useState('');
  const [payload, setPayload] = useState('');
  const [payloadError, setPayloadError] = useState('');
  const textId = useId();
  const payloadId = useId();
  const sender = connection.crews.find((crew) => crew.id === actingAs)?.name ?? '';

  function submit(): void {
    if (text.trim() === '' || send.isPending) return;
    let value: MethodInput<'connections.messages.send'>['payload'];
    if (payload.trim() !== '') {
      const parsed = parseJsonText(payload);
      if (!parsed.ok) return setPayloadError(describeJsonError(parsed.error));
      value = parsed.value as typeof value;
    }
    setPayloadError('');
    const input = { connection: connection.id, from: actingAs, text, ...(value === undefined ? {} : { payload: value }) };
    send.mutate(input, {
      onSuccess: () => {
        setText('');
        setPayload('');
      },
    });
  }

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form
      className="composer"
      aria-label="Send a message"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label className="field__label" htmlFor={textId}>
        Message as {sender}
      </label>
      <textarea id={textId} className="input composer__text" rows={3} value={text} onChange={(event) => setText(event.target.value)} onKeyDown={onKeyDown} placeholder="Write a message (Ctrl+Enter sends)" />
      <details className="composer__payload">
        <summary>JSON payload (optional)</summary>
        <label className="visually-hidden" htmlFor={payloadId}>
          JSON payload
        </label>
        <textarea id={payloadId} className="input input--mono" rows={3} value={payload} onChange={(event) => setPayload(event.target.value)} onKeyDown={onKeyDown} placeholder='{"ticket": 42}' />
      </details>
      {payloadError ? (
        <p className="error-notice__message" role="alert">
          The payload is not valid JSON. {payloadError}
        </p>
      ) : null}
      {send.isError ? <ErrorNotice error={send.error} title="The message was not sent" compact /> : null}
      <div className="cluster">
        <button type="submit" className="button button--primary" disabled={send.isPending || text.trim() === ''}>
          {send.isPending ? 'Sending…' : 'Send'}
        </button>
      </div>
    </form>
  );
}
