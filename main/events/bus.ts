/** One bus for every long-running piece of work; each door carries what is published its own way. */
export type EventListener<Events> = <K extends keyof Events & string>(name: K, payload: Events[K]) => void;

export interface PublishedEvent<Events, K extends keyof Events & string = keyof Events & string> {
  name: K;
  payload: Events[K];
}

export class EventBus<Events extends object> {
  private readonly listeners = new Set<(event: PublishedEvent<Events>) => void>();

  publish<K extends keyof Events & string>(name: K, payload: Events[K]): void {
    const event = { name, payload } as PublishedEvent<Events>;
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A broken subscriber (a closed socket, a destroyed window) must not stop the others.
      }
    }
  }

  /** Returns the function that unsubscribes. */
  subscribe(listener: (event: PublishedEvent<Events>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
