import type { RJSFSchema } from '@rjsf/utils';
import { useMemo, useReducer, useRef, useState } from 'react';
import type { McpPrompt } from '../../../../main/rpc/contract.ts';
import { useGetMcpPrompt, useMcpPrompts, useMcpStatus, type McpSource } from '../../api/mcp.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Field } from '../../components/Field.tsx';
import { LoadingState } from '../../components/LoadingState.tsx';
import { ArgumentsEditor, type ArgumentsEditorHandle, type ArgumentsMode } from '../schema-form/ArgumentsEditor.tsx';
import { argumentsReducer, initialArguments } from '../schema-form/arguments-sync.ts';
import { GroupedList } from './GroupedList.tsx';
import { PromptCompletionForm } from './PromptCompletionForm.tsx';
import { ContentBlock } from './results/ContentBlock.tsx';
import { useCatalogSearch } from './use-catalog-search.ts';

const promptKey = (prompt: McpPrompt) => `${prompt.serverId}|${prompt.name}`;
const promptText = (prompt: McpPrompt) => `${prompt.name} ${prompt.title ?? ''} ${prompt.description ?? ''}`;
const promptName = (prompt: McpPrompt) => prompt.name;
const noPrompts: McpPrompt[] = [];

/** Prompt arguments are named strings; the same generated form takes them. */
function promptSchema(prompt: McpPrompt): RJSFSchema {
  return {
    type: 'object',
    properties: Object.fromEntries(prompt.arguments.map((argument) => [argument.name, { type: 'string', ...(argument.description ? { description: argument.description } : {}) }])),
    required: prompt.arguments.filter((argument) => argument.required).map((argument) => argument.name),
  };
}

export function PromptsPanel({ source }: { source: McpSource }) {
  const prompts = useMcpPrompts(source);
  const { search, setSearch, visible } = useCatalogSearch(prompts.data?.prompts ?? noPrompts, promptText, promptName);
  const [selectedKey, setSelectedKey] = useState<string | undefined>(undefined);
  const selected = prompts.data?.prompts.find((prompt) => promptKey(prompt) === selectedKey);

  if (prompts.isPending) return <LoadingState label="Connecting and listing prompts…" />;
  if (prompts.isError) return <ErrorNotice error={prompts.error} title="Could not list prompts" onRetry={() => void prompts.refetch()} />;
  return (
    <div className="catalog-split">
      <div className="catalog-split__list">
        <Field label="Search prompts">
          {(id) => <input id={id} className="input input--compact" type="search" value={search} onChange={(event) => setSearch(event.target.value)} placeholder="Name or description" />}
        </Field>
        {visible.length === 0 ? (
          <p className="muted">{prompts.data.prompts.length === 0 ? 'No prompts offered.' : 'No prompt matches.'}</p>
        ) : (
          <GroupedList<McpPrompt>
            label="Prompts"
            items={visible}
            keyOf={promptKey}
            groupOf={(prompt) => prompt.serverName}
            nameOf={(prompt) => prompt.name}
            selectedKey={selectedKey}
            onSelect={(prompt) => setSelectedKey(promptKey(prompt))}
            renderItem={(prompt) => (
        <>
                    <span className="grouped-list__name">{prompt.title ?? prompt.name}</span>
                    <span className="grouped-list__description">{prompt.description ?? `${prompt.arguments.length} arguments`}</span>
        </>
            )}
          />
        )}
      </div>
      <div className="catalog-split__detail">
        {selected ? (
          <PromptDetail key={promptKey(selected)} prompt={selected} />
        ) : (
          <EmptyState title="Pick a prompt" next="Choose one from the list, fill its arguments and press Get prompt.">
            A prompt is a message template a server offers; getting it shows the messages it fills in.
          </EmptyState>
        )}
      </div>
    </div>
  );
}

function PromptDetail({ prompt }: { prompt: McpPrompt }) {
  const schema = useMemo(() => promptSchema(prompt), [prompt]);
  const [args, dispatch] = useReducer(argumentsReducer, undefined, () => initialArguments());
  const [mode, setMode] = useState<ArgumentsMode>('form');
  const editorRef = useRef<ArgumentsEditorHandle>(null);
  const getPrompt = useGetMcpPrompt();
  // The server completes arguments as they are typed: its own fields, instead of the generated form.
  const completes = useMcpStatus().data?.find((status) => status.serverId === prompt.serverId)?.capabilities?.completions ?? false;
  return (
    <section className="tool-detail" aria-labelledby="prompt-heading">
      <header className="tool-detail__header">
        <h3 id="prompt-heading" className="tool-detail__title">
          <code>{prompt.name}</code>
          {prompt.title ? <span className="tool-detail__subtitle">{prompt.title}</span> : null}
        </h3>
        <p className="tool-detail__server">on {prompt.serverName}</p>
      </header>
      {prompt.description ? <p className="tool-detail__description">{prompt.description}</p> : null}
      {completes && prompt.arguments.length > 0 ? (
        <PromptCompletionForm prompt={prompt} pending={getPrompt.isPending} onGet={(value) => getPrompt.mutate({ server: prompt.serverId, name: prompt.name, arguments: value })} />
      ) : (
        <>
      <ArgumentsEditor
        ref={editorRef}
        idPrefix={`prompt-${promptKey(prompt).replace(/[^A-Za-z0-9_-]/g, '-')}`}
        schema={schema}
        state={args}
        dispatch={dispatch}
        mode={mode}
        onModeChange={setMode}
        onRun={(value) => getPrompt.mutate({ server: prompt.serverId, name: prompt.name, arguments: value as Record<string, string> })}
        disabled={getPrompt.isPending}
      />
      <div className="cluster">
        <button type="button" className="button button--primary" disabled={getPrompt.isPending} onClick={() => editorRef.current?.run()}>
          {getPrompt.isPending ? 'Getting…' : 'Get prompt'}
        </button>
      </div>
        </>
      )}
      {getPrompt.isError ? <ErrorNotice error={getPrompt.error} title="Could not get the prompt" /> : null}
      {getPrompt.data ? (
        <section className="inset-panel result-panel" aria-label="Prompt messages">
          {getPrompt.data.description ? <p className="muted">{getPrompt.data.description}</p> : null}
          {getPrompt.data.messages.map((message, index) => (
            <div key={index} className="prompt-message">
              <span className={`prompt-message__role prompt-message__role--${message.role}`}>{message.role}</span>
              <ContentBlock block={message.content} />
            </div>
          ))}
        </section>
      ) : null}
    </section>
  );
}
