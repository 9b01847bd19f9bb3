import { AppError, toErrorBody, type ErrorBody } from '../errors/app-error.ts';
import type { DomainContext } from '../store/domain-context.ts';
import { nowIso } from '../store/ids.ts';
import type { AuthConfigs } from './auth-configs.ts';
import type { CatalogStore, CatalogToolkit } from './catalog-store.ts';
import { isAbort, type ComposioSdk } from './client.ts';
import type { ComposioCalls } from './composio-calls.ts';
import type { EffectiveKey } from './project-key.ts';
import type { ComposioCatalogStatus, ComposioCatalogSync, ComposioTool } from './types.ts';

interface RawToolkit {
  slug: string;
  name: string;
  meta: { description: string; logo: string; categories: Array<{ id: string; name: string }>; tools_count: number; app_url?: string | null };
  auth_schemes?: string[];
  composio_managed_auth_schemes?: string[];
  no_auth?: boolean;
}

interface RawTool {
  slug: string;
  name: string;
  description: string;
  tags: string[];
  toolkit: { slug: string };
}

const TOOLKIT_PAGE = 500;
const TOOL_PAGE = 1000;

const idleSync = (): ComposioCatalogSync => ({ state: 'idle', phase: null, toolkitsDone: 0, toolkitsTotal: null, toolsDone: 0, toolsTotal: null, startedAt: null });

/**
 * Refreshing the catalog cache from Composio: toolkits page by page, the auth configs, then the
 * tools in batches of toolkits, stored in one transaction. One refresh at a time; its progress is
 * `composio.catalogSync` at every page, and part of the catalog status.
 */
export class CatalogSync {
  private readonly ctx: DomainContext;
  private readonly calls: ComposioCalls;
  private readonly catalog: CatalogStore;
  private readonly authConfigs: AuthConfigs;
  private syncState: ComposioCatalogSync = idleSync();
  private syncRun: { abort: AbortController; done: Promise<ComposioCatalogStatus> } | null = null;

  constructor(parts: { ctx: DomainContext; calls: ComposioCalls; catalog: CatalogStore; authConfigs: AuthConfigs }) {
    this.ctx = parts.ctx;
    this.calls = parts.calls;
    this.catalog = parts.catalog;
    this.authConfigs = parts.authConfigs;
  }

  catalogStatus(): ComposioCatalogStatus {
    return this.catalog.status({ ...this.syncState });
  }

  /** Starts a refresh unless one is running; with wait, resolves when it ends (and fails as it failed). */
  async syncCatalog(input: { wait?: boolean | undefined }): Promise<ComposioCatalogStatus> {
    const key = this.calls.keys.require();
    if (!this.syncRun) {
      const abort = new AbortController();
      const done = this.runSync(key, abort.signal);
      this.syncRun = { abort, done };
      void done.finally(() => (this.syncRun = null)).catch(() => {});
    }
    if (!input.wait) {
      void this.syncRun.done.catch(() => {});
      return this.catalogStatus();
    }
    return this.syncRun.done;
  }

  /** Stops the refresh under way, if any; resolves when it has ended. */
  async close(): Promise<void> {
    const run = this.syncRun;
    run?.abort.abort();
    await Promise.allSettled([run?.done]);
  }

  private progress(patch: Partial<ComposioCatalogSync>, error: ErrorBody | null = null): void {
    this.syncState = { ...this.syncState, ...patch };
    this.ctx.bus.publish('composio.catalogSync', { ...this.syncState, error });
  }

  private async runSync(key: EffectiveKey, signal: AbortSignal): Promise<ComposioCatalogStatus> {
    this.syncState = { ...idleSync(), state: 'running', phase: 'toolkits', startedAt: nowIso() };
    this.progress({});
    try {
      const { toolkits, tools } = await this.calls.withComposio(async (composio) => {
        const toolkits = await this.fetchToolkits(composio, signal);
        await this.authConfigs.fetch(composio);
        const tools = await this.fetchTools(composio, toolkits, signal);
        return { toolkits, tools };
      }, undefined, key);
      this.progress({ phase: 'storing' });
      this.catalog.replace(toolkits, tools);
      this.syncState = idleSync();
      this.progress({ phase: 'done', toolkitsDone: toolkits.length, toolkitsTotal: toolkits.length, toolsDone: tools.length, toolsTotal: tools.length });
      this.syncState = idleSync();
      return this.catalogStatus();
    } catch (caught) {
      const error = isAbort(caught) ? new AppError('composio_unreachable', 'The catalog refresh stopped: the console is closing.', 'Refresh again: `crewship integration composio sync`.') : caught;
      const body = toErrorBody(error);
      if (error instanceof AppError) this.catalog.recordFailure(body);
      this.syncState = idleSync();
      this.progress({ phase: 'failed' }, body);
      this.syncState = idleSync();
      throw error;
    }
  }

  private async fetchToolkits(composio: ComposioSdk, signal: AbortSignal): Promise<CatalogToolkit[]> {
    const toolkits: CatalogToolkit[] = [];
    const seen = new Set<string>();
    let cursor: string | undefined;
    do {
      // The SDK's toolkits.get() returns the items without the next cursor: its typed client keeps it.
      const page = await composio.getClient().toolkits.list({ limit: TOOLKIT_PAGE, ...(cursor ? { cursor } : {}) }, { signal });
      for (const item of page.items as RawToolkit[]) {
        if (seen.has(item.slug)) continue;
        seen.add(item.slug);
        toolkits.push(fromRawToolkit(item));
      }
      cursor = page.next_cursor ?? undefined;
      this.progress({ toolkitsDone: toolkits.length, toolkitsTotal: Math.max(page.total_items, toolkits.length) });
    } while (cursor);
    return toolkits;
  }

  private async fetchTools(composio: ComposioSdk, toolkits: CatalogToolkit[], signal: AbortSignal): Promise<ComposioTool[]> {
    const tools = new Map<string, ComposioTool>();
    const toolsTotal = toolkits.reduce((sum, toolkit) => sum + toolkit.toolCount, 0);
    this.progress({ phase: 'tools', toolsTotal });
    for (const slugs of toolBatches(toolkits)) {
      let cursor: string | undefined;
      do {
        const page = await composio.getClient().tools.list({ toolkit_slug: slugs.join(','), limit: TOOL_PAGE, ...(cursor ? { cursor } : {}) }, { signal });
        for (const item of page.items as RawTool[]) tools.set(item.slug, fromRawTool(item));
        cursor = page.next_cursor ?? undefined;
        this.progress({ toolsDone: tools.size, toolsTotal: Math.max(toolsTotal, tools.size) });
      } while (cursor);
    }
    return [...tools.values()];
  }
}

/** Several toolkits per request (the API takes a comma-separated list), about a page of tools each. */
function toolBatches(toolkits: CatalogToolkit[]): string[][] {
  const batches: string[][] = [];
  let batch: string[] = [];
  let inBatch = 0;
  for (const toolkit of toolkits) {
    if (toolkit.toolCount === 0) continue;
    if (batch.length > 0 && (inBatch + toolkit.toolCount > TOOL_PAGE || batch.length >= 40)) {
      batches.push(batch);
      batch = [];
      inBatch = 0;
    }
    batch.push(toolkit.slug);
    inBatch += toolkit.toolCount;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

function fromRawToolkit(item: RawToolkit): CatalogToolkit {
  return {
    slug: item.slug.toLowerCase(),
    name: item.name,
    description: item.meta.description ?? '',
    logo: item.meta.logo ?? '',
    categories: (item.meta.categories ?? []).map((category) => ({ slug: category.id, name: category.name })),
    authSchemes: item.auth_schemes ?? [],
    managedAuthSchemes: item.composio_managed_auth_schemes ?? [],
    noAuth: item.no_auth ?? false,
    toolCount: item.meta.tools_count ?? 0,
    appUrl: item.meta.app_url ?? null,
  };
}

function fromRawTool(item: RawTool): ComposioTool {
  const tags = item.tags ?? [];
  return {
    slug: item.slug,
    name: item.name,
    description: item.description ?? '',
    toolkit: item.toolkit.slug.toLowerCase(),
    tags,
    readOnly: tags.includes('readOnlyHint'),
    destructive: tags.includes('destructiveHint'),
  };
}
