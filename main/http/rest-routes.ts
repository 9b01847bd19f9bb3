import type { MethodName } from '../rpc/contract.ts';

/**
 * REST paths from the product's documentation, each a thin alias of one contract method: the same
 * validation, the same envelope, the same errors. GET takes its input from the query string
 * (unknown parameters are refused by the method's schema); POST from the JSON body.
 */
export interface RestRoute {
  httpMethod: 'GET' | 'POST';
  path: string;
  method: MethodName;
}

const restRoutes: readonly RestRoute[] = [
  { httpMethod: 'GET', path: '/mcp/tools', method: 'mcp.tools.list' },
  { httpMethod: 'POST', path: '/mcp/call', method: 'mcp.tools.call' },
  { httpMethod: 'GET', path: '/mcp/status', method: 'mcp.status' },
  // The operator's inventory (the local host is the operator's door; no agent-facing path returns it).
  { httpMethod: 'GET', path: '/api/v1/integrations/composio/inventory', method: 'composio.inventory' },
];

export function findRestRoute(httpMethod: string | undefined, path: string): RestRoute | undefined {
  return restRoutes.find((route) => route.path === path && route.httpMethod === httpMethod);
}

export function queryInput(search: URLSearchParams): Record<string, string> {
  return Object.fromEntries(search.entries());
}
