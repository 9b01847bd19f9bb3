/** The naming rules a form shows before it submits, the same the contract applies (main/mcp). */
export { SERVER_NAME_PATTERN, SERVER_NAME_RULE } from '../mcp/server-name-rule.ts';
