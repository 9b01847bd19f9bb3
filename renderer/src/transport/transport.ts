import type { Envelope, MethodInput, MethodName, MethodOutput } from '../../../main/rpc/contract.ts';
import type { AppEvent } from '../../../main/rpc/events.ts';
import type { AuthStateStore } from './auth-state.ts';

/** Whether pushed events are reaching us; shown in the footer so an operator knows the view is live. */
export type StreamStatus = 'connecting' | 'live' | 'reconnecting';

/**
 * The renderer's one way to the core: the Electron bridge or the local HTTP host, behind the same
 * shape as `window.crewship` plus what the UI needs to know about the event stream.
 */
export interface Transport {
  kind: 'electron' | 'http';
  /** `workspace`: the id of the workspace the call is made in (absent: the default). */
  invoke<M extends MethodName>(method: M, input: MethodInput<M>, workspace?: string): Promise<Envelope<MethodOutput<M>>>;
  /** Returns the function that unsubscribes. */
  onEvent(listener: (event: AppEvent) => void): () => void;
  streamStatus(): StreamStatus;
  /** Called on every change of the stream's status. Returns the function that unsubscribes. */
  onStreamStatus(listener: (status: StreamStatus) => void): () => void;
  auth: AuthStateStore;
}
