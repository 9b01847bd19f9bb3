/**
 * What the Composio domain returns through the contract. Plain data, no Node types: the renderer
 * reaches these through main/rpc/contract.ts.
 */
import type { ErrorBody } from '../errors/app-error.ts';

/** Connected account states as Composio reports them. */
export type ComposioAccountStatus = 'INITIALIZING' | 'INITIATED' | 'ACTIVE' | 'FAILED' | 'EXPIRED' | 'INACTIVE' | 'REVOKED';

/** Where the workspace's project key comes from: its own (sealed in the vault), the environment, or nowhere. */
export type ComposioKeySource = 'workspace' | 'environment' | 'none';

/** The environment's key backs several workspaces: they share one Composio project, and so its users and accounts. */
export interface ComposioSharedKeyWarning {
  /** The workspaces without a key of their own (ids and names), this one among them. */
  workspaces: Array<{ id: string; name: string }>;
  message: string;
  hint: string;
}

/** The API key panel: which key is in effect, masked, and where the console talks to. */
export interface ComposioKeyInfo {
  source: ComposioKeySource;
  /** `ak_…9f3c`; null when there is no key. */
  preview: string | null;
  label: string | null;
  baseUrl: string;
  /** Whether the base URL came from the workspace's setting, COMPOSIO_BASE_URL or the default. */
  baseUrlSource: 'workspace' | 'environment' | 'default';
  /** When a workspace key passed its check (null for the environment's key, or one stored with --no-validate). */
  validatedAt: string | null;
  updatedAt: string | null;
  /** The environment's key, when the workspace has its own too (shadowed by it). */
  environmentKeyPresent: boolean;
  warning: ComposioSharedKeyWarning | null;
}

export interface ComposioCategory {
  slug: string;
  name: string;
}

/** One app of the catalog (a row of the Catalog tab). */
export interface ComposioToolkit {
  slug: string;
  name: string;
  description: string;
  /** A data: URL or an https URL, as Composio gives it. */
  logo: string;
  categories: ComposioCategory[];
  /** OAUTH2, API_KEY, BEARER_TOKEN, … */
  authSchemes: string[];
  /** The schemes Composio manages itself (connect needs no OAuth app of your own). */
  managedAuthSchemes: string[];
  composioManaged: boolean;
  noAuth: boolean;
  toolCount: number;
  appUrl: string | null;
  /** Whether the project has an auth config for this app, and how many. */
  authConfigCount: number;
}

export interface ComposioTool {
  slug: string;
  name: string;
  description: string;
  toolkit: string;
  tags: string[];
  readOnly: boolean;
  destructive: boolean;
}

export interface ComposioCatalogSync {
  /** idle: nothing running; running: a refresh is under way (see progress). */
  state: 'idle' | 'running';
  phase: 'toolkits' | 'tools' | 'storing' | 'done' | 'failed' | null;
  toolkitsDone: number;
  toolkitsTotal: number | null;
  toolsDone: number;
  toolsTotal: number | null;
  startedAt: string | null;
}

/** The catalog cache: what it holds, how old it is, the last refresh's failure, and any refresh under way. */
export interface ComposioCatalogStatus {
  syncedAt: string | null;
  /** Seconds since the last successful refresh (null: never refreshed). */
  ageSeconds: number | null;
  /** Older than a day, or never refreshed. */
  stale: boolean;
  toolkitCount: number;
  toolCount: number;
  lastError: ErrorBody | null;
  sync: ComposioCatalogSync;
}

export interface ComposioToolkitList {
  toolkits: ComposioToolkit[];
  /** All that match the search and category (toolkits holds at most `limit` of them). */
  total: number;
  /** Every category of the catalog with its number of apps (for the filter). */
  categories: Array<ComposioCategory & { count: number }>;
  catalog: ComposioCatalogStatus;
}

export interface ComposioToolkitPage {
  toolkit: ComposioToolkit;
  tools: ComposioTool[];
  /** The tools matching the search (all of the toolkit's without one). */
  total: number;
  authConfigs: ComposioAuthConfig[];
  catalog: ComposioCatalogStatus;
}

export interface ComposioToolSearch {
  tools: ComposioTool[];
  total: number;
  catalog: ComposioCatalogStatus;
}

export interface ComposioAuthConfig {
  id: string;
  name: string;
  toolkit: string;
  logo: string;
  authScheme: string | null;
  /** Composio's own OAuth app, or the project's custom client. */
  composioManaged: boolean;
  status: 'ENABLED' | 'DISABLED';
  connections: number;
  createdAt: string | null;
  /** A custom client's id (its secret is sealed here and never returned). */
  clientId: string | null;
}

/** What reconnecting an account that needs attention takes. */
export interface ComposioReconnect {
  /** enable: it was disabled here; connect: a new sign-in (link) is needed; refresh: Composio may renew it. */
  action: 'enable' | 'connect' | 'refresh';
  explanation: string;
  /** The CLI command that does it. */
  command: string;
}

export interface ComposioAccount {
  id: string;
  userId: string;
  toolkit: string;
  toolkitName: string;
  logo: string;
  authConfigId: string;
  status: ComposioAccountStatus;
  statusReason: string | null;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
  /** EXPIRED, FAILED or INACTIVE. */
  needsAttention: boolean;
  reconnect: ComposioReconnect | null;
}

export interface ComposioUserAccounts {
  userId: string;
  accounts: ComposioAccount[];
  needsAttention: number;
}

/** The KPI header of the Integrations page. */
export interface ComposioCounts {
  accounts: number;
  users: number;
  apps: number;
  needsAttention: number;
}

/** The operator's view of the project (never handed to an agent). */
export interface ComposioInventory {
  /** live: read from Composio now; cache: Composio could not be reached, this is the last reading. */
  source: 'live' | 'cache';
  fetchedAt: string | null;
  /** Why the cache is shown (the unreachable error), when source is cache. */
  error: ErrorBody | null;
  counts: ComposioCounts;
  authConfigs: ComposioAuthConfig[];
  /** Users with accounts needing attention first, then by user id; accounts needing attention first in each. */
  users: ComposioUserAccounts[];
  /** Every account needing attention, across users. */
  attention: ComposioAccount[];
  /** Every app and user seen (for the filters), whatever the filter. */
  apps: string[];
  userIds: string[];
}

export interface ComposioStatus {
  configured: boolean;
  key: ComposioKeyInfo;
  counts: ComposioCounts;
  countsFetchedAt: string | null;
  catalog: ComposioCatalogStatus;
}

export type ComposioConnectStatus = 'waiting' | 'active' | 'failed' | 'timed_out' | 'cancelled';

/** One connect attempt: link() made, waiting for the person to approve at redirectUrl. */
export interface ComposioConnectFlow {
  id: string;
  toolkit: string;
  userId: string;
  authConfigId: string;
  /** The auth config was created for this connect (the app had none). */
  createdAuthConfig: boolean;
  accountId: string;
  redirectUrl: string;
  status: ComposioConnectStatus;
  /** The account's status at Composio as last seen. */
  accountStatus: ComposioAccountStatus | null;
  startedAt: string;
  expiresAt: string;
  error: ErrorBody | null;
  account: ComposioAccount | null;
}

export interface ComposioAccountAction {
  account: ComposioAccount;
  /** refresh: the re-authorisation link when Composio needs the person to sign in again. */
  redirectUrl: string | null;
  needsReauth: boolean;
}
