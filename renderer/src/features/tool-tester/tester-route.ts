import type { McpSource } from '../../api/mcp.ts';
import { hrefFor, replaceRoute } from '../../app/hash-route.ts';

/** The Tools tab of the Integrations page, opened on one server: `#/integrations/tools/<server id>`. */
export function testerHref(serverId: string): string {
  return hrefFor('integrations', 'tools', serverId);
}

/** Keeps the route in step with what the tester shows, so that a reload or a copied link opens the same server. */
export function routeToSource(source: McpSource): void {
  replaceRoute('integrations', 'tools', source.kind === 'server' ? source.server : undefined);
}
