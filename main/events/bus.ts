import { failSafe, type InternalErrorLog } from '../errors/fail-safe.ts';
import { appEvent, isEventNamed, type AppEvent, type AppEventName, type AppEvents } from './app-events.ts';

/** One bus for every long-running piece of work; each door carries what is published its own way. */
export class EventBus {
  private readonly listeners = new Set<(event: AppEvent) => void>();

  private readonly logInternalError: InternalErrorLog;

  /** Without a log, a listener's fault is contained but not reported. */
  constructor(logInternalError: InternalErrorLog = () => {}) {
    this.logInternalError = logInternalError;
  }

  publish<K extends AppEventName>(name: K, payload: AppEvents[K]): void {
    const event = appEvent(name, payload);
    for (const listener of [...this.listeners]) listener(event);
  }

  /** Every event; `event.name` narrows `event.payload`. Returns the function that unsubscribes. */
  subscribe(listener: (event: AppEvent) => void): () => void {
    // A broken subscriber (a closed socket, a destroyed window) must not stop the others, nor the publisher.
    const contained = failSafe('event listener', this.logInternalError, listener);
    this.listeners.add(contained);
    return () => this.listeners.delete(contained);
  }

  /** One kind of event. Returns the function that unsubscribes. */
  on<K extends AppEventName>(name: K, listener: (payload: AppEvents[K]) => void): () => void {
    return this.subscribe((event) => {
      if (isEventNamed(event, name)) listener(event.payload);
    });
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
