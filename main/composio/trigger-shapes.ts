/**
 * What the Composio triggers return through the contract. Plain data, no Node types: the renderer
 * reaches these through main/rpc/contract.ts.
 */

/** A kind of event an app can send (GITHUB_COMMIT_EVENT), with the JSON Schema of its configuration. */
export interface ComposioTriggerType {
  slug: string;
  name: string;
  description: string;
  instructions: string;
  toolkit: string;
  toolkitName: string;
  logo: string;
  /** webhook: the app pushes events; poll: Composio checks at an interval. */
  kind: 'webhook' | 'poll';
  /** The JSON Schema a trigger's config must pass. */
  config: Record<string, unknown>;
  /** The JSON Schema of what each event carries. */
  payload: Record<string, unknown>;
}

export interface ComposioTriggerTypeList {
  toolkit: string;
  types: ComposioTriggerType[];
}

/** One trigger instance: a type, configured, listening on one connected account of one user. */
export interface ComposioTriggerInstance {
  id: string;
  slug: string;
  /** The app of the connected account it listens on (null when that account is gone). */
  toolkit: string | null;
  userId: string;
  connectedAccountId: string;
  config: Record<string, unknown>;
  enabled: boolean;
  disabledAt: string | null;
  updatedAt: string;
}

interface ComposioUserTriggers {
  userId: string;
  triggers: ComposioTriggerInstance[];
}

/** A project's trigger instances (enabled and disabled), grouped by user. */
export interface ComposioTriggerList {
  users: ComposioUserTriggers[];
  total: number;
}
