import type { MethodName } from '../rpc/contract.ts';

/**
 * REST paths from the product's documentation, each a thin alias of one contract method: the same
 * validation, the same envelope, the same errors. GET takes its input from the query string
 * (unknown parameters are refused by the method's schema); POST and PUT from the JSON body. A `{id}` in a
 * path is given to the method as `param`; `fixed` input is added to what the caller sent.
 */
interface RestRoute {
  httpMethod: 'GET' | 'POST' | 'PUT';
  path: string;
  method: MethodName;
  param?: string;
  fixed?: Record<string, string>;
  /** Of two routes on one path, this one answers when the input has this field. */
  when?: string;
}

const restRoutes: readonly RestRoute[] = [
  { httpMethod: 'GET', path: '/mcp/tools', method: 'mcp.tools.list' },
  { httpMethod: 'POST', path: '/mcp/call', method: 'mcp.tools.call' },
  { httpMethod: 'GET', path: '/mcp/status', method: 'mcp.status' },
  // Remote servers that require sign-in (the MCP authorization spec): each one's sign-in, and starting or ending one.
  { httpMethod: 'GET', path: '/mcp/auth', method: 'mcp.auth.list' },
  { httpMethod: 'GET', path: '/mcp/auth/{id}', method: 'mcp.auth.status', param: 'server' },
  { httpMethod: 'POST', path: '/mcp/auth/{id}/login', method: 'mcp.auth.signIn', param: 'server' },
  { httpMethod: 'POST', path: '/mcp/auth/{id}/logout', method: 'mcp.auth.signOut', param: 'server' },
  // The operator's inventory (the local host is the operator's door; no agent-facing path returns it).
  { httpMethod: 'GET', path: '/api/v1/integrations/composio/inventory', method: 'composio.inventory' },
  // The default connector: its state; PUT {} enables it (re-running refreshes its apps), PUT {"user": …} pins that user.
  { httpMethod: 'GET', path: '/api/v1/integrations/composio/default', method: 'composio.default.get' },
  { httpMethod: 'PUT', path: '/api/v1/integrations/composio/default', method: 'composio.default.set', when: 'user' },
  { httpMethod: 'PUT', path: '/api/v1/integrations/composio/default', method: 'composio.default.enable' },
  { httpMethod: 'GET', path: '/crew-connections', method: 'connections.list' },
  { httpMethod: 'POST', path: '/crew-connections', method: 'connections.create' },
  { httpMethod: 'GET', path: '/connections', method: 'connections.list', fixed: { status: 'active' } },
  { httpMethod: 'POST', path: '/connections/{id}/message', method: 'connections.messages.send', param: 'connection' },
  { httpMethod: 'GET', path: '/connections/{id}/messages', method: 'connections.messages.list', param: 'connection' },
  { httpMethod: 'GET', path: '/connections/{id}/files', method: 'connections.files.read', param: 'connection', when: 'path' },
  { httpMethod: 'GET', path: '/connections/{id}/files', method: 'connections.files.list', param: 'connection' },
  { httpMethod: 'POST', path: '/connections/{id}/files', method: 'connections.files.write', param: 'connection' },
];

/** The paths under which REST routes live, for the host's token check. */
export function isRestPath(path: string): boolean {
  return path === '/crew-connections' || path === '/connections' || path.startsWith('/connections/') || path.startsWith('/mcp/');
}

export interface MatchedRoute {
  route: RestRoute;
  /** The `{id}` of the path, decoded. */
  param: string | undefined;
}

/** The routes for this method and path, the `when` ones first: pick one with `chooseRoute` once the input is read. */
export function findRestRoutes(httpMethod: string | undefined, path: string): MatchedRoute[] {
  const matched: MatchedRoute[] = [];
  for (const route of restRoutes) {
    if (route.httpMethod !== httpMethod) continue;
    const param = matchPath(route.path, path);
    if (param !== null) matched.push({ route, param });
  }
  return matched;
}

export function chooseRoute(matched: MatchedRoute[], input: Record<string, unknown>): MatchedRoute | undefined {
  return matched.find(({ route }) => route.when === undefined || Object.hasOwn(input, route.when));
}

/** The method's input: what the caller sent, the path's `{id}` and the route's fixed fields (which win). */
export function routeInput(matched: MatchedRoute, sent: unknown): unknown {
  if (typeof sent !== 'object' || sent === null || Array.isArray(sent)) return sent;
  const { route, param } = matched;
  return { ...sent, ...(route.param && param !== undefined ? { [route.param]: param } : {}), ...route.fixed };
}

/** undefined: matched without a parameter; null: no match. */
function matchPath(pattern: string, path: string): string | undefined | null {
  const brace = pattern.indexOf('{id}');
  if (brace < 0) return pattern === path ? undefined : null;
  const prefix = pattern.slice(0, brace);
  const suffix = pattern.slice(brace + '{id}'.length);
  if (!path.startsWith(prefix) || !path.endsWith(suffix) || path.length <= prefix.length + suffix.length) return null;
  const raw = path.slice(prefix.length, path.length - suffix.length);
  if (raw.includes('/')) return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

export function queryInput(search: URLSearchParams): Record<string, string> {
  return Object.fromEntries(search.entries());
}
