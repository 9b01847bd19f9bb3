/**
 * Whether the local host accepts our session token. The HTTP transport reports a 401 here; the app
 * shows the "session token missing or wrong" screen instead of pages full of errors.
 */
export type AuthState = 'ok' | 'missing' | 'rejected';

type Listener = () => void;

export interface AuthStateStore {
  get(): AuthState;
  set(state: AuthState): void;
  subscribe(listener: Listener): () => void;
}

export function createAuthStateStore(initial: AuthState): AuthStateStore {
  let state = initial;
  const listeners = new Set<Listener>();
  return {
    get: () => state,
    set(next) {
      if (next === state) return;
      state = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
