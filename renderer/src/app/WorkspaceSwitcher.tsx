import { useId } from 'react';
import { useCurrentWorkspaceId, useSwitchWorkspace } from '../api/current-workspace.tsx';
import { useWorkspaces } from '../api/workspaces.ts';
import { hrefFor } from './hash-route.ts';

/**
 * The sidebar's workspace switcher: every page shows the chosen workspace's crews, agents, servers
 * and credentials only. A native select, so the keyboard and screen readers know it already.
 */
export function WorkspaceSwitcher() {
  const id = useId();
  const workspaces = useWorkspaces();
  const current = useCurrentWorkspaceId();
  const switchTo = useSwitchWorkspace();
  const list = workspaces.data ?? [];
  const currentName = list.find((workspace) => workspace.id === current)?.name ?? 'Default workspace';
  return (
    <div className="workspace-switcher">
      <label htmlFor={id} className="workspace-switcher__label">
        Workspace
      </label>
      <div className="workspace-switcher__control">
        {/* Where the sidebar folds to its icons the select is too narrow for a name: its initial stands in. */}
        <span className="workspace-switcher__initial" aria-hidden="true">
          {currentName.trim().charAt(0).toUpperCase()}
        </span>
        <select id={id} className="input input--compact workspace-switcher__select" title={currentName} value={current} onChange={(event) => switchTo(event.target.value)}>
          {list.length === 0 ? <option value={current}>Default workspace</option> : null}
          {list.map((workspace) => (
            <option key={workspace.id} value={workspace.id}>
              {workspace.name}
            </option>
          ))}
        </select>
      </div>
      <a className="link workspace-switcher__manage" href={hrefFor('settings')}>
        Manage workspaces
      </a>
    </div>
  );
}
