/** One part of a tool's definition as pinned and as the server lists it now (pretty JSON; null: absent). */
export interface McpToolFieldChange {
  field: 'title' | 'description' | 'inputSchema' | 'outputSchema' | 'annotations';
  before: string | null;
  after: string | null;
}

/** A tool whose definition is not the one accepted: added since, removed since, or changed (with each changed field). */
export interface McpToolChange {
  name: string;
  change: 'added' | 'removed' | 'changed';
  fields: McpToolFieldChange[];
}

/** A server's tool definitions against the ones pinned: what changed since the operator last accepted them. */
export interface McpToolDiff {
  serverId: string;
  serverName: string;
  /** Null until the server's tools were first seen (and pinned). */
  pinnedAt: string | null;
  acceptedAt: string | null;
  /** Agents' views leave out the tools listed in `changes` (but the removed) until they are accepted. */
  holdChanged: boolean;
  changes: McpToolChange[];
}
