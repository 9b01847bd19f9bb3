/**
 * What the registry domain hands to its doors: plain, serialisable shapes, no Node types (the
 * renderer reads them through the contract). Entries are public data, as the registry publishes
 * them; values an operator gives at install are never in them, and secret ones never leave the vault.
 */
import type { ErrorBody } from '../errors/app-error.ts';
import type { McpServerConfig } from '../mcp/types.ts';

export type RegistryStatus = 'active' | 'deprecated' | 'deleted';
export type RegistryTransportType = 'stdio' | 'streamable-http' | 'sse';

/** One input the server asks for (an env var, a header, an argument, a URL variable), as server.json declares it. */
export interface RegistryInput {
  description: string | null;
  isRequired: boolean;
  isSecret: boolean;
  format: 'string' | 'number' | 'boolean' | 'filepath';
  /** A fixed value, possibly with `{variable}` references to `variables`. */
  value: string | null;
  default: string | null;
  placeholder: string | null;
  choices: string[];
  variables: Record<string, RegistryInput>;
}

export interface RegistryKeyValueInput extends RegistryInput {
  name: string;
}

export type RegistryArgument = RegistryInput & { isRepeated: boolean } & ({ type: 'positional'; valueHint: string | null } | { type: 'named'; name: string });

export interface RegistryPackage {
  /** npm, pypi, oci, nuget, mcpb — or what the entry says, which may be something else (`unknown`). */
  registryType: string;
  registryBaseUrl: string | null;
  identifier: string;
  version: string | null;
  fileSha256: string | null;
  runtimeHint: string | null;
  transport: { type: RegistryTransportType; url: string | null; headers: RegistryKeyValueInput[] };
  runtimeArguments: RegistryArgument[];
  packageArguments: RegistryArgument[];
  environmentVariables: RegistryKeyValueInput[];
}

export interface RegistryRemote {
  type: 'streamable-http' | 'sse';
  /** May hold `{variable}` templates, filled from `variables` at install. */
  url: string;
  headers: RegistryKeyValueInput[];
  variables: Record<string, RegistryInput>;
}

/**
 * Who proved what, in the registry's own terms: the registry publishes a name only after its
 * publisher proved the namespace — a GitHub login for `io.github.<owner>/…`, DNS or HTTP for a
 * reverse-DNS domain — and (official registry) that the package names the server. Nothing more is claimed.
 */
export interface RegistryVerification {
  namespace: { kind: 'github'; owner: string } | { kind: 'domain'; domain: string } | { kind: 'other'; namespace: string };
  /** Whether the entry came from the official registry, whose admission rules the statement can name; another registry's are unknown. */
  official: boolean;
  /** The sentence the UI and CLI show. */
  statement: string;
  status: RegistryStatus;
  statusMessage: string | null;
  /** Each package's registry, as the entry names it. */
  packageRegistries: string[];
}

/** A row of the Registry list and of `registry search`. */
export interface RegistryServerSummary {
  source: string;
  name: string;
  title: string | null;
  description: string;
  version: string;
  isLatest: boolean;
  status: RegistryStatus;
  category: string;
  /** Where the category came from: the publisher's `_meta`, or the keyword classifier. */
  categorySource: 'publisher' | 'classifier';
  packageTypes: string[];
  transports: RegistryTransportType[];
  hasPackages: boolean;
  hasRemotes: boolean;
  namespaceKind: 'github' | 'domain' | 'other';
  publishedAt: string | null;
  updatedAt: string | null;
}

export interface RegistryVersionSummary {
  version: string;
  isLatest: boolean;
  status: RegistryStatus;
  publishedAt: string | null;
  updatedAt: string | null;
}

export interface RegistryServerDetail extends RegistryServerSummary {
  websiteUrl: string | null;
  repository: { url: string; source: string; subfolder: string | null } | null;
  icons: Array<{ src: string; mimeType: string | null; theme: string | null }>;
  packages: RegistryPackage[];
  remotes: RegistryRemote[];
  statusMessage: string | null;
  verification: RegistryVerification;
  /** Every version the cache holds (deleted ones too, marked), newest first. */
  versions: RegistryVersionSummary[];
}

export interface RegistrySearchResult {
  /** How many entries match in all (the rows are the first `limit` from `offset`). */
  total: number;
  rows: RegistryServerSummary[];
  /** How long the query took in the store, in milliseconds. */
  tookMs: number;
}

/** A skipped entry: where it was and why (kept for the last sync, at most 50). */
export interface RegistrySyncProblem {
  page: number;
  name: string | null;
  reason: string;
}

export type RegistrySyncState = 'never' | 'running' | 'interrupted' | 'finished' | 'failed';

export interface RegistrySyncStatus {
  source: string;
  state: RegistrySyncState;
  /** The run under way or the last one: pages and entries read, entries skipped as malformed. */
  pages: number;
  servers: number;
  skipped: number;
  /** Entries per second of the run under way or the last. */
  ratePerSecond: number;
  startedAt: string | null;
  finishedAt: string | null;
  /** Whether the run is (was) incremental: `updated_since` this. */
  updatedSince: string | null;
  /** The highest `updatedAt` of a finished sync; the next sync asks for what changed after it. */
  watermark: string | null;
  /** An interrupted run goes on from this cursor. */
  resumeCursor: string | null;
  /** Why the last run failed (it resumes from its last page). */
  error: ErrorBody | null;
  problems: RegistrySyncProblem[];
  /** Entries in the cache from this source, all versions, not deleted. */
  cached: number;
}

/** What install asks for, one line each: the form's fields and the CLI's `--env K=V` keys. */
export interface RegistryInstallField {
  /** The key to give its value under (`--env KEY=value`). */
  key: string;
  /** setting: an option an mcpb bundle's manifest declares (user_config). */
  kind: 'env' | 'argument' | 'header' | 'url-variable' | 'setting';
  label: string;
  description: string | null;
  isRequired: boolean;
  isSecret: boolean;
  format: RegistryInput['format'];
  default: string | null;
  placeholder: string | null;
  choices: string[];
}

export interface RegistryInstallPlan {
  name: string;
  version: string;
  target: { kind: 'package' | 'remote'; index: number };
  /** What will run or be reached: the full command (no truncation), or the remote's URL template. */
  summary: string;
  fields: RegistryInstallField[];
  /** Why this target cannot be installed (unknown registry type, a package that serves HTTP itself…), else null. */
  unsupported: string | null;
}

/** An installed server's registry origin, for the MCP servers list. */
export interface RegistryInstallRecord {
  serverId: string;
  source: string;
  registryName: string;
  version: string;
  target: { kind: 'package' | 'remote'; index: number };
  latestVersion: string | null;
  updateAvailable: boolean;
  installedAt: string;
  updatedAt: string;
}

export interface RegistryUrl {
  url: string;
  /** Which wins: the request's own (`--registry`), CREWSHIP_REGISTRY_URL, the setting, else the official registry. */
  from: 'request' | 'environment' | 'setting' | 'default';
}

export interface InstallResult {
  server: McpServerConfig;
  registryName: string;
  version: string;
  /** What runs or is reached: the full command, or the URL. */
  summary: string;
  /** The names of the values sealed in the vault (the config reads them as ${NAME}). */
  sealed: string[];
}

/** A registry the cache syncs from: the registry URL in use (the official one by default), or one the operator added. */
export interface RegistrySource {
  url: string;
  name: string;
  /** A disabled source is left out of `registry.sources.sync`; its cached entries stay. */
  enabled: boolean;
  /** Where it comes from: the registry URL in use (`primary`: the default, CREWSHIP_REGISTRY_URL or the setting), or added by the operator. */
  origin: 'primary' | 'added';
  addedAt: string | null;
  /** Cached entries from it (not deleted). */
  entries: number;
  sync: RegistrySyncStatus;
}
