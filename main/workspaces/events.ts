/**
 * What the workspaces domain publishes: a workspace created, renamed or deleted. It belongs to no
 * workspace (every page's switcher lists them all), so it reaches every workspace's listeners.
 */
export interface WorkspaceEvents {
  'workspaces.changed': { workspaceId: string; change: 'created' | 'updated' | 'deleted' };
}
