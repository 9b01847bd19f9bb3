/**
 * The contract's events: what the doors carry and the renderer feeds its cache with. Each domain
 * declares the events it publishes in its own events.ts; main/events joins them.
 */
export { isAppEvent, isEventNamed, type AppEvent, type AppEventName, type AppEvents } from '../events/app-events.ts';
