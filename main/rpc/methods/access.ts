import { z } from 'zod';
import type { AgentPromptBlock, AgentResolution } from '../../access/types.ts';
import { method, reference } from '../method.ts';

export const accessMethods = {
  'agents.resolve': method<AgentResolution>()(
    z.object({ agent: reference }).strict(),
    'The MCP servers that resolve for an agent: its Composio bindings, else the default connector, and legacy servers (off while the default connector is on), each with its kind, access and why.',
  ),
  'agents.promptBlock': method<AgentPromptBlock>()(
    z.object({ agent: reference }).strict(),
    'The [CONNECTED INTEGRATIONS] block for an agent’s system prompt, one line per resolved server; null when nothing resolves.',
  ),
} as const;
