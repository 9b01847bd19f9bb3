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

export const DEFAULT_WORKSPACE_ID = 'default';

/** "2 crews, 3 agents and 1 MCP server": what a workspace holds (its kinds with rows), for a sentence; "nothing" for none. */
export function describeHoldings(holds: WorkspaceHolding[]): string {
  const parts = holds.filter(({ count }) => count > 0).map(({ what, count }) => `${count} ${count === 1 ? what.replace(/s$/, '') : what}`);
  return parts.length <= 1 ? (parts[0] ?? 'nothing') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}
