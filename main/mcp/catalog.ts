import type { Prompt, Resource, ResourceTemplate, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { McpIcon, McpPrompt, McpResource, McpResourceTemplate, McpServerConfig, McpTool, McpToolAnnotations } from './types.ts';

/** The SDK's list entries as the contract's plain types, each labelled with the server it came from. */

type Origin = Pick<McpServerConfig, 'id' | 'name'>;

export function toTool(origin: Origin, tool: Tool): McpTool {
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
  };
}

export function toResource(origin: Origin, resource: Resource): McpResource {
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

export function toResourceTemplate(origin: Origin, template: ResourceTemplate): McpResourceTemplate {
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

export function toPrompt(origin: Origin, prompt: Prompt): McpPrompt {
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
export async function collectPages<T>(fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string | undefined }>): Promise<T[]> {
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
