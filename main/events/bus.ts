import { failSafe, type InternalErrorLog } from '../errors/fail-safe.ts';

/** One bus for every long-running piece of work; each door carries what is published its own way. */
export type EventListener<Events> = <K extends keyof Events & string>(name: K, payload: Events[K]) => void;

export interface PublishedEvent<Events, K extends keyof Events & string = keyof Events & string> {
  name: K;
  payload: Events[K];
}

export class EventBus<Events extends object> {
  private readonly listeners = new Set<(event: PublishedEvent<Events>) => void>();
  private readonly logInternalError: InternalErrorLog;

  /** Without a log, a listener's fault is contained but not reported. */
  constructor(logInternalError: InternalErrorLog = () => {}) {
    this.logInternalError = logInternalError;
  }

  publish<K extends keyof Events & string>(name: K, payload: Events[K]): void {
    const event = { name, payload } as PublishedEvent<Events>;
    for (const listener of [...this.listeners]) listener(event);
  }

  /** Returns the function that unsubscribes. */
  subscribe(listener: (event: PublishedEvent<Events>) => void): () => void {
    // A broken subscriber (a closed socket, a destroyed window) must not stop the others, nor the publisher.
    const contained = failSafe('event listener', this.logInternalError, listener);
    this.listeners.add(contained);
    return () => this.listeners.delete(contained);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
