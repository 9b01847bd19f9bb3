import type { ReactNode } from 'react';
import type { McpHiddenTool, McpTool } from '../../../../main/rpc/contract.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Field } from '../../components/Field.tsx';
import { AnnotationBadges } from './AnnotationBadges.tsx';
import { GroupedList } from './GroupedList.tsx';
import { useCatalogSearch } from './use-catalog-search.ts';
import { serverWithScope, useServerScopes } from './use-server-scopes.ts';
import { toolKey } from './use-tool-run.ts';

interface ToolsPanelProps {
  tools: readonly McpTool[];
  selectedKey: string | undefined;
  onSelect: (tool: McpTool) => void;
  /** The selected tool's form, run controls and result. */
  detail: ReactNode;
  /** Tools a server lists only to a client offering a capability this console does not offer here. */
  hidden?: readonly McpHiddenTool[];
}

const toolText = (tool: McpTool) => `${tool.name} ${tool.title ?? ''} ${tool.description ?? ''}`;
const toolName = (tool: McpTool) => tool.name;

export function ToolsPanel({ tools, selectedKey, onSelect, detail, hidden = [] }: ToolsPanelProps) {
  const { search, setSearch, filtering, visible } = useCatalogSearch(tools, toolText, toolName);
  const scopeOf = useServerScopes();
  // In an agent's view the same tool can come from several servers: each entry says which.
  const manyServers = new Set(tools.map((tool) => tool.serverId)).size > 1;
  return (
    <div className="catalog-split">
      <div className="catalog-split__list">
        <Field label="Search tools">
          {(id) => <input id={id} className="input input--compact" type="search" value={search} onChange={(event) => setSearch(event.target.value)} placeholder="Name or description" />}
        </Field>
        <p className="muted catalog-split__count" aria-live="polite">
          {filtering ? `${visible.length} of ${tools.length} tools` : `${tools.length} tool${tools.length === 1 ? '' : 's'}`}
        </p>
        {visible.length === 0 ? (
          <p className="muted">{tools.length === 0 ? 'No tools offered.' : 'No tool matches the search.'}</p>
        ) : (
          <GroupedList<McpTool>
            label="Tools"
            items={visible}
            keyOf={toolKey}
            groupOf={(tool) => serverWithScope(tool.serverName, scopeOf(tool.serverId))}
            nameOf={(tool) => tool.name}
            selectedKey={selectedKey}
            onSelect={onSelect}
            renderItem={(tool) => (
              <>
                <span className="grouped-list__name">
                  <code>{tool.name}</code>
                  <AnnotationBadges annotations={tool.annotations} compact />
                </span>
                <span className="grouped-list__description">
                  {manyServers ? <span className="grouped-list__server">on {serverWithScope(tool.serverName, scopeOf(tool.serverId))} · </span> : null}
                  {tool.title ?? tool.description ?? ''}
                </span>
              </>
            )}
          />
        )}
        {hidden.length > 0 ? (
          <ul className="compact-list hidden-tools" aria-label="Hidden tools">
            {hidden.map((tool) => (
              <li key={`${tool.serverId}|${tool.name}`} className="muted">
                <code>{tool.name}</code> on {tool.serverName} — hidden: needs {tool.needs.join(' and ')}, which this console does not offer here
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <div className="catalog-split__detail">
        {detail ?? (tools.length === 0 ? (
          <EmptyState title="No tools to test" next="Connect the server (see above), or choose another server or agent.">
            Tools appear here once a server answers with its list.
          </EmptyState>
        ) : (
          <EmptyState title="Pick a tool" next="Choose a tool from the list; its form is built from its input schema.">
            Run any tool with arguments you choose and see exactly what it returns, its progress and its logs.
          </EmptyState>
        ))}
      </div>
    </div>
  );
}
