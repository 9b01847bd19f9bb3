/** The renderer makes the ids of the calls it starts exactly as the core does (main/mcp/call-id.ts). */
export { newCallId } from '../mcp/call-id.ts';
