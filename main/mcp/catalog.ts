import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { Prompt, Resource, ResourceTemplate, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { McpIcon, McpPrompt, McpResource, McpResourceTemplate, McpServerConfig, McpTool, McpToolAnnotations } from './types.ts';

/**
 * What a server lists (tools, resources and their templates, prompts): how each list is asked for
 * page by page, and its entries as the contract's plain types, labelled with the server they came from.
 */

type Origin = Pick<McpServerConfig, 'id' | 'name'>;

function toTool(origin: Origin, tool: Tool): McpTool {
  return {
    serverId: origin.id,
    serverName: origin.name,
    name: tool.name,
    title: tool.title ?? tool.annotations?.title ?? null,
    description: tool.description ?? null,
    inputSchema: tool.inputSchema as Record<string, unknown>,
    outputSchema: (tool.outputSchema as Record<string, unknown> | undefined) ?? null,
    annotations: (tool.annotations as McpToolAnnotations | undefined) ?? null,
    icons: (tool.icons as McpIcon[] | undefined) ?? [],
    meta: (tool._meta as Record<string, unknown> | undefined) ?? null,
    taskSupport: tool.execution?.taskSupport === 'required' || tool.execution?.taskSupport === 'optional' ? tool.execution.taskSupport : null,
  };
}

function toResource(origin: Origin, resource: Resource): McpResource {
  return {
    serverId: origin.id,
    serverName: origin.name,
    uri: resource.uri,
    name: resource.name,
    title: resource.title ?? null,
    description: resource.description ?? null,
    mimeType: resource.mimeType ?? null,
    size: resource.size ?? null,
  };
}

function toResourceTemplate(origin: Origin, template: ResourceTemplate): McpResourceTemplate {
  return {
    serverId: origin.id,
    serverName: origin.name,
    uriTemplate: template.uriTemplate,
    name: template.name,
    title: template.title ?? null,
    description: template.description ?? null,
    mimeType: template.mimeType ?? null,
  };
}

function toPrompt(origin: Origin, prompt: Prompt): McpPrompt {
  return {
    serverId: origin.id,
    serverName: origin.name,
    name: prompt.name,
    title: prompt.title ?? null,
    description: prompt.description ?? null,
    arguments: (prompt.arguments ?? []).map((argument) => ({
      name: argument.name,
      description: argument.description ?? null,
      required: argument.required ?? false,
    })),
  };
}

/** Follows `nextCursor` to the end; a server that repeats a cursor is cut off rather than looped on forever. */
async function collectPages<T>(fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string | undefined }>): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    cursor = page.nextCursor || undefined;
    if (cursor !== undefined) {
      if (seen.has(cursor)) break;
      seen.add(cursor);
    }
  } while (cursor !== undefined);
  return items;
}

/** What a server's catalog holds, by where each list is stored. */
export interface CatalogLists {
  tools: McpTool[];
  resources: McpResource[];
  templates: McpResourceTemplate[];
  prompts: McpPrompt[];
}

type PageMethod = 'listTools' | 'listResources' | 'listResourceTemplates' | 'listPrompts';
type PageOf<Method extends PageMethod> = Awaited<ReturnType<Client[Method]>>;

interface PagedList<Item> {
  /** Every page of the list (following `nextCursor`), each item labelled with the server it came from. */
  fetchAll(client: Client, origin: Origin, options: RequestOptions): Promise<Item[]>;
  /** A server may lack the list (resource templates): its refusal then counts as an empty list. */
  optional: boolean;
}

/** One list: the client method that asks for a page, the key of its items in the result, and their contract form. */
function pagedList<Method extends PageMethod, Key extends keyof PageOf<Method>, Item>(spec: {
  method: Method;
  resultKey: Key;
  toItem: (origin: Origin, raw: PageOf<Method>[Key] extends Array<infer Raw> ? Raw : unknown) => Item;
  optional?: boolean;
}): PagedList<Item> {
  return {
    optional: spec.optional ?? false,
    async fetchAll(client, origin, options) {
      const items = await collectPages(async (cursor) => {
        const page = (await client[spec.method](cursor ? { cursor } : undefined, options)) as PageOf<Method>;
        return { items: page[spec.resultKey] as Array<Parameters<typeof spec.toItem>[1]>, nextCursor: page.nextCursor };
      });
      return items.map((item) => spec.toItem(origin, item));
    },
  };
}

const PAGED_LISTS: { [Store in keyof CatalogLists]: PagedList<CatalogLists[Store][number]> } = {
  tools: pagedList({ method: 'listTools', resultKey: 'tools', toItem: toTool }),
  resources: pagedList({ method: 'listResources', resultKey: 'resources', toItem: toResource }),
  templates: pagedList({ method: 'listResourceTemplates', resultKey: 'resourceTemplates', toItem: toResourceTemplate, optional: true }),
  prompts: pagedList({ method: 'listPrompts', resultKey: 'prompts', toItem: toPrompt }),
};

/**
 * The kinds of list a server offers, each named as its capability: the notification that says it
 * changed, the lists (where they are stored) fetched again when it does, and whether a server
 * whose list fails to arrive at connect fails to connect (tools) or connects without it.
 */
export const LIST_KINDS = {
  tools: { notification: 'ToolListChangedNotificationSchema', lists: ['tools'], neededToConnect: true },
  resources: { notification: 'ResourceListChangedNotificationSchema', lists: ['resources', 'templates'], neededToConnect: false },
  prompts: { notification: 'PromptListChangedNotificationSchema', lists: ['prompts'], neededToConnect: false },
} as const satisfies Record<string, { notification: string; lists: ReadonlyArray<keyof CatalogLists>; neededToConnect: boolean }>;

export type ListKind = keyof typeof LIST_KINDS;

export const LIST_KIND_NAMES = Object.keys(LIST_KINDS) as ListKind[];

/** Every list of one kind, all pages; what arrives is the caller's to store (or to drop, if it came too late). */
export async function fetchListKind(kind: ListKind, client: Client, origin: Origin, options: RequestOptions): Promise<Partial<CatalogLists>> {
  const stores: ReadonlyArray<keyof CatalogLists> = LIST_KINDS[kind].lists;
  const fetched = await Promise.all(
    stores.map((store) => {
      const list = PAGED_LISTS[store];
      const items = list.fetchAll(client, origin, options);
      return list.optional ? items.catch(() => []) : items;
    }),
  );
  return Object.fromEntries(stores.map((store, i) => [store, fetched[i]])) as Partial<CatalogLists>;
}
