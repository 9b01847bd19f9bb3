/** Where faults in background work go: the core's logInternalError (which never shows their text to a caller). */
export type InternalErrorLog = (where: string, error: unknown) => void;

/**
 * Wraps a callback that nothing above it would catch — a timer, an event listener, work started
 * without being awaited — so that what it throws, or the promise it returns rejects with, is logged
 * and contained instead of ending the process (and every MCP server with it).
 */
export function failSafe<Args extends unknown[]>(where: string, log: InternalErrorLog, callback: (...args: Args) => unknown): (...args: Args) => void {
  const report = (error: unknown) => {
    try {
      log(where, error);
    } catch {
      // A log that cannot write (a closed stderr) must not become the fault it reports.
    }
  };
  return (...args) => {
    try {
      const result = callback(...args);
      if (result instanceof Promise) result.catch(report);
    } catch (error) {
      report(error);
    }
  };
}
