import type { Envelope } from '../errors/app-error.ts';
import type { MethodInput, MethodName, MethodOutput } from './contract.ts';
import type { AppEvent } from './events.ts';

/**
 * What preload exposes as `window.crewship`, and what the renderer's HTTP transport imitates:
 * one call into the contract, and one subscription to the event stream.
 */
export interface CrewshipBridge {
  /** `workspace`: the id or slug of the workspace the call is made in; absent, the default. */
  invoke<M extends MethodName>(method: M, input: MethodInput<M>, workspace?: string): Promise<Envelope<MethodOutput<M>>>;
  /** Returns the function that unsubscribes. */
  on(listener: (event: AppEvent) => void): () => void;
}

/** The IPC channel names; only electron/ and preload/ use them. */
export const IPC_INVOKE_CHANNEL = 'crewship:invoke';
export const IPC_EVENT_CHANNEL = 'crewship:event';
