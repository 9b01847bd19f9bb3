import type { CreateMessageRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Redactor } from './redact.ts';
import type { SamplingAnswer } from './sampling.ts';
import type { McpSamplingRequest } from './sampling-types.ts';

/** How a server's sampling request reaches the operator (without its server and call, which the gateway adds). */
export type Sample = (request: SamplingShown, signal: AbortSignal) => Promise<SamplingAnswer>;

export type SamplingShown = Omit<McpSamplingRequest, 'id' | 'serverId' | 'serverName' | 'callId' | 'receivedAt' | 'expiresAt'>;

/** The request as the operator reads it: redacted, each message's content as a list of blocks. */
export function samplingRequestOf(params: CreateMessageRequest['params'], redactor: Redactor): SamplingShown {
  return redactor.value({
    messages: params.messages.map((message) => ({
      role: message.role,
      content: (Array.isArray(message.content) ? message.content : [message.content]) as Record<string, unknown>[],
    })),
    systemPrompt: params.systemPrompt ?? null,
    maxTokens: params.maxTokens,
    temperature: params.temperature ?? null,
    stopSequences: params.stopSequences ?? [],
    modelPreferences: (params.modelPreferences as Record<string, unknown> | undefined) ?? null,
    tools: (params.tools ?? []).map((tool) => ({ name: tool.name, description: tool.description ?? null, inputSchema: tool.inputSchema as Record<string, unknown> })),
    toolChoice: params.toolChoice?.mode ?? null,
  });
}
