/** Sampling (`sampling/createMessage`) as the doors and the renderer see it: plain types, no code. */

/** One message of a sampling request, as the server sent it (redacted): text, image, audio, tool use or result blocks. */
export interface McpSamplingMessage {
  role: 'user' | 'assistant';
  content: Record<string, unknown>[];
}

/** A server's `sampling/createMessage` request, waiting for the operator to write the model's reply. */
export interface McpSamplingRequest {
  id: string;
  serverId: string;
  serverName: string;
  /** The tool call it arrived during, when exactly one call was running on that server. */
  callId: string | null;
  messages: McpSamplingMessage[];
  systemPrompt: string | null;
  maxTokens: number;
  temperature: number | null;
  stopSequences: string[];
  /** Hints about the model the server would like (names, cost / speed / intelligence priorities). */
  modelPreferences: Record<string, unknown> | null;
  /** Tools the model may use (sampling with tools): name, description, input schema. */
  tools: { name: string; description: string | null; inputSchema: Record<string, unknown> }[];
  /** Whether the model may (`auto`), must (`required`) or must not (`none`) use them; null when the server does not say. */
  toolChoice: 'auto' | 'required' | 'none' | null;
  receivedAt: string;
  /** Unanswered by then, it is refused for the server. */
  expiresAt: string;
}

/** The operator's reply, sent as the model's message (role assistant, one text block). */
export interface McpSamplingReply {
  text: string;
  model: string;
  stopReason: string;
}

export type McpSamplingAction = 'accept' | 'decline';
/** How a sampling request ended: the operator's answer, the deadline, or the server taking it back. */
export type McpSamplingOutcome = McpSamplingAction | 'expired' | 'withdrawn';
