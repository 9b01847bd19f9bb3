import type { WorkspacesService } from '../../workspaces/workspaces-service.ts';
import type { workspaceMethods } from '../methods/workspaces.ts';
import type { HandlersOf } from '../router.ts';

export interface WorkspaceServices {
  workspaces: WorkspacesService;
  /** The workspace these handlers answer in: what `workspaces.current` names. */
  workspaceId: string;
}

export function workspaceHandlers({ workspaces, workspaceId }: WorkspaceServices): HandlersOf<keyof typeof workspaceMethods> {
  return {
    'workspaces.list': () => workspaces.list(),
    'workspaces.current': () => workspaces.get(workspaceId),
    'workspaces.create': (input, { actor }) => workspaces.create(input, actor),
    'workspaces.rename': (input, { actor }) => workspaces.rename(input, actor),
    'workspaces.delete': (input, { actor }) => workspaces.delete(input, actor),
  };
}
