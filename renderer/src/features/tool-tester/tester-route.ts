import type { McpSource } from '../../api/mcp.ts';
import { hrefFor, replaceRoute } from '../../app/hash-route.ts';

/**
 * What the tester shows is part of the route, so that a reload or a copied link opens it again:
 * `#/tools/<server id>` or `#/tools/agent/<agent id>`.
 */
export function testerHref(serverId: string): string {
  return hrefFor('tools', serverId);
}

export function routeToSource(source: McpSource): void {
  if (source.kind === 'server') replaceRoute('tools', source.server);
  else replaceRoute('tools', 'agent', source.agent);
}

/** The source a route's focus (what follows `#/tools/`) names, if any. */
export function sourceFromRoute(focus: string | undefined): McpSource | undefined {
  if (!focus) return undefined;
  const agent = /^agent\/(.+)$/.exec(focus)?.[1];
  return agent ? { kind: 'agent', agent } : { kind: 'server', server: focus };
}
