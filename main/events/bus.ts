import { failSafe, type InternalErrorLog } from '../errors/fail-safe.ts';
import { appEvent, isEventNamed, type AppEvent, type AppEventName, type AppEvents } from './app-events.ts';

/**
 * One bus for every long-running piece of work; each door carries what is published its own way.
 * The core's bus is the root: it carries every workspace's events. Each workspace's services get
 * a view of it (`forWorkspace`): what they publish carries their workspace, and what they hear is
 * their workspace's events and those of no workspace (preferences, the list of workspaces) — so
 * a gateway or a refresh scheduler never reacts to another workspace's change.
 */
export class EventBus {
  private readonly listeners: Set<(event: AppEvent) => void>;

  private readonly logInternalError: InternalErrorLog;

  /** The workspace of this view; undefined for the root bus. */
  readonly workspaceId: string | undefined;

  /** Without a log, a listener's fault is contained but not reported. */
  constructor(logInternalError: InternalErrorLog = () => {}, view?: { listeners: Set<(event: AppEvent) => void>; workspaceId: string }) {
    this.logInternalError = logInternalError;
    this.listeners = view?.listeners ?? new Set();
    this.workspaceId = view?.workspaceId;
  }

  /** The view of this bus that one workspace's services publish on and listen to. */
  forWorkspace(workspaceId: string): EventBus {
    return new EventBus(this.logInternalError, { listeners: this.listeners, workspaceId });
  }

  publish<K extends AppEventName>(name: K, payload: AppEvents[K]): void {
    const event = appEvent(name, payload, this.workspaceId);
    for (const listener of [...this.listeners]) listener(event);
  }

  /** Every event (of this view's workspace, on a view); `event.name` narrows `event.payload`. Returns the function that unsubscribes. */
  subscribe(listener: (event: AppEvent) => void): () => void {
    // A broken subscriber (a closed socket, a destroyed window) must not stop the others, nor the publisher.
    const contained = failSafe('event listener', this.logInternalError, listener);
    const workspaceId = this.workspaceId;
    const heard =
      workspaceId === undefined
        ? contained
        : (event: AppEvent) => {
            if (event.workspaceId === undefined || event.workspaceId === workspaceId) contained(event);
          };
    this.listeners.add(heard);
    return () => this.listeners.delete(heard);
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
