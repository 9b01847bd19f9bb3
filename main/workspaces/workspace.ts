/** What a workspace holds of one kind (crews, agents, MCP servers, credentials, …), for people. */
export interface WorkspaceHolding {
  /** Plural, lower case: "crews", "MCP servers". */
  what: string;
  count: number;
}

/** One workspace: its own crews, agents, MCP servers, credentials (and, with Composio, its own key). */
export interface Workspace {
  id: string;
  slug: string;
  name: string;
  /** The workspace every door uses when none is named; it can be renamed but not deleted. */
  isDefault: boolean;
  createdAt: string;
  updatedAt: string;
  /** What deleting it would delete: the kinds of rows that keep it from being deleted without `withContents`. */
  holds: WorkspaceHolding[];
}

/** The workspace a call was made in, as `workspaces.current` answers it. */
export type CurrentWorkspace = Workspace;

export const DEFAULT_WORKSPACE_ID = 'default';
