import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ServerCapabilities } from '@modelcontextprotocol/sdk/types.js';
import { fetchListKind, LIST_KIND_NAMES, LIST_KINDS, type CatalogLists, type ListKind } from './catalog.ts';
import type { Redactor } from './redact.ts';
import type { ServerLog } from './server-log.ts';
import type { McpClientCapability, McpPrompt, McpResource, McpResourceTemplate, McpServerConfig, McpTool } from './types.ts';

/** The connection a catalog fetches over; once it is replaced, what it fetched late is dropped. */
export interface CatalogSource {
  client: Client;
  redactor: Redactor;
  isCurrent(): boolean;
  /** The client capabilities the connection offers. */
  offered: McpClientCapability[];
}

interface CatalogDeps {
  /** The server the entries are labelled with (read at each fetch: a rename reaches the next one). */
  origin(): Pick<McpServerConfig, 'id' | 'name'>;
  log: ServerLog;
  requestTimeoutMs: number;
  /** A list_changed fetch replaced a list. */
  onRefreshed(): void;
  /** The server listed its tools (at connect, or again after list_changed). */
  onToolsListed(source: CatalogSource, tools: McpTool[]): void;
}

interface CatalogCounts {
  toolCount: number;
  resourceCount: number;
  promptCount: number;
}

/**
 * The tools, resources and prompts one server's connection keeps: fetched at connect, fetched
 * again (every page) on `list_changed`, and emptied when the connection goes.
 */
export class ServerCatalog {
  private readonly deps: CatalogDeps;
  private lists: CatalogLists = emptyLists();
  /** Kinds a server said changed while it was still connecting: fetched again once it is ready. */
  private readonly pendingRefresh = new Set<ListKind>();
  private readonly refreshing = new Map<ListKind, { again: boolean }>();

  constructor(deps: CatalogDeps) {
    this.deps = deps;
  }

  get tools(): McpTool[] {
    return this.lists.tools;
  }

  get resources(): McpResource[] {
    return this.lists.resources;
  }

  get templates(): McpResourceTemplate[] {
    return this.lists.templates;
  }

  get prompts(): McpPrompt[] {
    return this.lists.prompts;
  }

  counts(): CatalogCounts {
    return { toolCount: this.countOf('tools'), resourceCount: this.countOf('resources'), promptCount: this.countOf('prompts') };
  }

  get isEmpty(): boolean {
    return LIST_KIND_NAMES.every((kind) => this.countOf(kind) === 0);
  }

  /** At connect: every kind the server offers, at once; a kind not needed to connect that fails is only logged. */
  async load(source: CatalogSource, capabilities: ServerCapabilities): Promise<void> {
    const offered = LIST_KIND_NAMES.filter((kind) => capabilities[kind]);
    await Promise.all(
      offered.map((kind) => {
        const fetched = this.fetch(source, kind);
        return LIST_KINDS[kind].neededToConnect ? fetched : fetched.catch((error: unknown) => this.listFailed(source, kind, error));
      }),
    );
  }

  /** A server's `list_changed`: fetched again now if the connection is ready, else once it is. */
  listChanged(source: CatalogSource, kind: ListKind, ready: boolean): void {
    if (!source.isCurrent()) return;
    if (ready) this.refresh(source, kind);
    else this.pendingRefresh.add(kind);
  }

  /** The connection is ready: the fetches that `list_changed` asked for while it connected. */
  refreshPending(source: CatalogSource): void {
    for (const kind of this.pendingRefresh) this.refresh(source, kind);
    this.pendingRefresh.clear();
  }

  clear(): void {
    this.lists = emptyLists();
    this.pendingRefresh.clear();
  }

  private async fetch(source: CatalogSource, kind: ListKind): Promise<void> {
    const fetched = await fetchListKind(kind, source.client, this.deps.origin(), { timeout: this.deps.requestTimeoutMs });
    // A list that arrives after its connection was replaced is dropped.
    if (!source.isCurrent()) return;
    // Names, titles, descriptions and schemas are the server's to fill: redacted once, as they are kept.
    Object.assign(this.lists, source.redactor.value(fetched));
    if (fetched.tools) this.deps.onToolsListed(source, this.lists.tools);
  }

  /** Fetches the kind again (all pages); notifications that arrive meanwhile cause one more fetch. */
  private refresh(source: CatalogSource, kind: ListKind): void {
    const running = this.refreshing.get(kind);
    if (running) {
      running.again = true;
      return;
    }
    const state = { again: false };
    this.refreshing.set(kind, state);
    const run = async () => {
      do {
        state.again = false;
        await this.fetch(source, kind);
      } while (state.again && source.isCurrent());
    };
    run()
      .then(() => {
        if (!source.isCurrent()) return;
        this.deps.log.add('lifecycle', `${kind} list changed: ${this.countOf(kind)} now`);
        this.deps.onRefreshed();
      })
      .catch((error: unknown) => this.listFailed(source, kind, error))
      .finally(() => this.refreshing.delete(kind));
  }

  private listFailed(source: CatalogSource, kind: ListKind, error: unknown): void {
    this.deps.log.add('lifecycle', `listing ${kind} failed: ${error instanceof Error ? error.message : String(error)}`, 'warning');
  }

  private countOf(kind: ListKind): number {
    return LIST_KINDS[kind].lists.reduce((count, store) => count + this.lists[store].length, 0);
  }
}

function emptyLists(): CatalogLists {
  return { tools: [], resources: [], templates: [], prompts: [] };
}
