import type { RJSFSchema } from '@rjsf/utils';
import { useEffect, useRef, useState, type Dispatch, type RefObject } from 'react';
import type { McpTool } from '../../../../main/rpc/contract.ts';
import { isMac } from '../../app/platform.ts';
import { CopyField } from '../../components/CopyField.tsx';
import { ArgumentsEditor, type ArgumentsEditorHandle, type ArgumentsMode } from '../schema-form/ArgumentsEditor.tsx';
import type { ArgumentsAction, ArgumentsState } from '../schema-form/arguments-sync.ts';
import { AnnotationBadges } from './AnnotationBadges.tsx';
import { SaveCallForm } from './collections/SaveCallForm.tsx';
import { ResultPanel, type RunState } from './results/ResultPanel.tsx';
import { TaskStatus } from './TaskStatus.tsx';
import { useCliCommand } from './use-cli-command.ts';
import { serverWithScope, useServerScopes } from './use-server-scopes.ts';
import { toolKey } from './use-tool-run.ts';

interface ToolDetailProps {
  tool: McpTool;
  editorRef: RefObject<ArgumentsEditorHandle | null>;
  args: ArgumentsState;
  dispatch: Dispatch<ArgumentsAction>;
  mode: ArgumentsMode;
  onModeChange: (mode: ArgumentsMode) => void;
  run: RunState;
  /** `task`: run it as a task (SEP-1686), as the operator chose for a tool that may run as one. */
  onRun: (value: Record<string, unknown>, options?: { task: boolean }) => void;
  onCancel: () => void;
  onOpenResource: (uri: string) => void;
  /** The agent whose view the tool is in: the copied command names it too. */
  agent: string | undefined;
}

export function ToolDetail({ tool, editorRef, args, dispatch, mode, onModeChange, run, onRun, onCancel, onOpenResource, agent }: ToolDetailProps) {
  const commandFor = useCliCommand();
  const scopeOf = useServerScopes();
  const key = toolKey(tool);
  const running = run.phase === 'running';
  const runningHere = running && run.toolKey === key;
  const shownRun: RunState = run.phase !== 'idle' && run.toolKey === key ? run : { phase: 'idle' };
  const headingTitle = tool.title ?? tool.annotations?.title;
  const runButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const wasRunning = useRef(false);
  const [asTask, setAsTask] = useState(false);
  const runsAsTask = tool.taskSupport === 'required' || (tool.taskSupport === 'optional' && asTask);
  const runWith = (value: Record<string, unknown>) => onRun(value, { task: runsAsTask });

  // The fields and Run are disabled while a call runs, which would drop the keyboard's focus:
  // it moves to Cancel (so Escape and Enter both cancel), and back to Run when the call ends.
  useEffect(() => {
    if (runningHere && !wasRunning.current) cancelButton.current?.focus();
    if (!runningHere && wasRunning.current && (document.activeElement === document.body || document.activeElement === cancelButton.current)) {
      runButton.current?.focus();
    }
    wasRunning.current = runningHere;
  }, [runningHere]);
  return (
    <section className="tool-detail" aria-labelledby="tool-detail-heading">
      <header className="tool-detail__header">
        <h3 id="tool-detail-heading" className="tool-detail__title">
          <code>{tool.name}</code>
          {headingTitle ? <span className="tool-detail__subtitle">{headingTitle}</span> : null}
        </h3>
        <p className="tool-detail__server">on {serverWithScope(tool.serverName, scopeOf(tool.serverId))}</p>
        <AnnotationBadges annotations={tool.annotations} />
      </header>
      {tool.description ? <p className="tool-detail__description">{tool.description}</p> : <p className="muted">The server gives no description for this tool.</p>}
      <details className="disclosure">
        <summary>Input schema</summary>
        <pre className="code-block">{JSON.stringify(tool.inputSchema, null, 2)}</pre>
      </details>
      {tool.outputSchema ? (
        <details className="disclosure">
          <summary>Output schema</summary>
          <pre className="code-block">{JSON.stringify(tool.outputSchema, null, 2)}</pre>
        </details>
      ) : null}
      <ArgumentsEditor
        ref={editorRef}
        idPrefix={`tool-${key.replace(/[^A-Za-z0-9_-]/g, '-')}`}
        schema={tool.inputSchema as RJSFSchema}
        state={args}
        dispatch={dispatch}
        mode={mode}
        onModeChange={onModeChange}
        onRun={runWith}
        disabled={runningHere}
      />
      <div className="cluster">
        <button
          ref={runButton}
          type="button"
          className="button button--primary"
          disabled={running}
          aria-keyshortcuts={isMac ? 'Meta+Enter' : 'Control+Enter'}
          onClick={() => editorRef.current?.run()}
        >
          {runningHere ? 'Running…' : 'Run'}
        </button>
        <button ref={cancelButton} type="button" className="button button--secondary" disabled={!runningHere || run.cancelling} aria-keyshortcuts="Escape" onClick={onCancel}>
          {runningHere && run.cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
        {tool.taskSupport === 'optional' ? (
          <label className="schema-form__check-label">
            <input type="checkbox" checked={asTask} disabled={running} onChange={(event) => setAsTask(event.target.checked)} />
            <span>Run as a task</span>
          </label>
        ) : tool.taskSupport === 'required' ? (
          <span className="muted">Runs as a task</span>
        ) : null}
        <span className="tool-detail__shortcut muted">
          <kbd>{isMac ? '⌘' : 'Ctrl'}</kbd>+<kbd>Enter</kbd> runs · <kbd>Esc</kbd> cancels
        </span>
      </div>
      <TaskStatus run={shownRun} />
      <ResultPanel run={shownRun} onOpenResource={onOpenResource} onRunAgain={runWith} />
      <SaveCallForm key={key} tool={tool} args={args.value} />
      <CopyField
        label="Run from a terminal"
        value={commandFor({ serverId: tool.serverId, serverName: tool.serverName, tool: tool.name, arguments: args.value, agentId: agent, asTask: runsAsTask })}
      />
    </section>
  );
}
