import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { McpLogLine } from '../../../../main/rpc/contract.ts';
import { useClearMcpLogs, useMcpEvent, useReadMcpLogs } from '../../api/mcp.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { LogControls } from './LogControls.tsx';
import { appendLines } from './log-lines.ts';

/**
 * A server's stderr, its log notifications and the gateway's notes about it: the kept lines first,
 * then live lines as they arrive. It follows the newest line unless the operator scrolled up.
 */
export function LogPane({ serverId, serverName }: { serverId: string; serverName: string }) {
  const readLogs = useReadMcpLogs();
  const clearLogs = useClearMcpLogs();
  const [lines, setLines] = useState<McpLogLine[]>([]);
  const [dropped, setDropped] = useState(0);
  const [error, setError] = useState<unknown>(undefined);
  const scrollRef = useRef<HTMLDivElement>(null);
  const following = useRef(true);

  useEffect(() => {
    let active = true;
    setLines([]);
    setError(undefined);
    following.current = true;
    readLogs(serverId).then(
      (page) => {
        if (!active) return;
        setDropped(page.dropped);
        // Live lines may have arrived while the page was read; keep each seq once.
        setLines((live) => appendLines(page.lines, live));
      },
      (caught: unknown) => active && setError(caught),
    );
    return () => {
      active = false;
    };
  }, [serverId, readLogs]);

  useMcpEvent('mcp.log', (line) => {
    if (line.serverId === serverId) setLines((current) => appendLines(current, [line]));
  });

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (element && following.current) element.scrollTop = element.scrollHeight;
  }, [lines]);

  return (
    <div className="log-pane">
      <div className="log-pane__toolbar">
        <p className="muted">
          {lines.length.toLocaleString()} line{lines.length === 1 ? '' : 's'} from {serverName}
          {dropped > 0 ? ` (${dropped.toLocaleString()} older lines dropped)` : ''}
        </p>
        <LogControls serverId={serverId} serverName={serverName} />
        <button
          type="button"
          className="button button--ghost button--small"
          disabled={clearLogs.isPending || lines.length === 0}
          onClick={() => clearLogs.mutate({ server: serverId }, { onSuccess: () => setLines([]) })}
        >
          Clear log
        </button>
      </div>
      {error ? <ErrorNotice error={error} title="Could not read the server's log" compact /> : null}
      {clearLogs.error ? <ErrorNotice error={clearLogs.error} title="Could not clear the log" compact /> : null}
      <div
        ref={scrollRef}
        className="log-pane__scroll"
        role="log"
        aria-label={`Log of ${serverName}`}
        tabIndex={0}
        onScroll={(event) => {
          const element = event.currentTarget;
          following.current = element.scrollTop + element.clientHeight >= element.scrollHeight - 8;
        }}
      >
        {lines.length === 0 ? (
          <p className="log-pane__empty">Nothing logged yet. stderr output and log notifications appear here as they happen.</p>
        ) : (
          lines.map((line) => (
            <div key={line.seq} className={`log-line log-line--${line.source} log-line--${line.level ?? 'none'}`}>
              <time className="log-line__time" dateTime={line.at}>
                {new Date(line.at).toLocaleTimeString()}
              </time>
              <span className="log-line__source">{line.level ?? line.source}</span>
              <span className="log-line__text">
                {line.logger ? <span className="log-line__logger">{line.logger}: </span> : null}
                {line.text}
              </span>
            </div>
          ))
        )}
      </div>
    </div>
  );
}
