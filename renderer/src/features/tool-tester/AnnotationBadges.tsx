import type { McpTool } from '../../../../main/rpc/contract.ts';

interface Badge {
  label: string;
  tone: 'muted' | 'success' | 'danger' | 'warning';
  explains: string;
}

/**
 * A tool's annotations are hints from its server, not guarantees; each badge says what its hint
 * claims. Only hints the server actually set are shown.
 */
function annotationBadges(annotations: McpTool['annotations']): Badge[] {
  if (!annotations) return [];
  const badges: Badge[] = [];
  const { readOnlyHint, destructiveHint, idempotentHint, openWorldHint } = annotations;
  if (readOnlyHint === true) badges.push({ label: 'Read-only', tone: 'success', explains: 'readOnlyHint: the tool says it does not change its environment.' });
  if (readOnlyHint === false) badges.push({ label: 'Writes', tone: 'warning', explains: 'readOnlyHint false: the tool may change its environment.' });
  if (destructiveHint === true && readOnlyHint !== true) badges.push({ label: 'Destructive', tone: 'danger', explains: 'destructiveHint: the tool may delete or overwrite things.' });
  if (destructiveHint === false && readOnlyHint !== true) badges.push({ label: 'Additive', tone: 'muted', explains: 'destructiveHint false: the tool only adds, never deletes or overwrites.' });
  if (idempotentHint === true) badges.push({ label: 'Idempotent', tone: 'muted', explains: 'idempotentHint: calling it again with the same arguments has no further effect.' });
  if (openWorldHint === true) badges.push({ label: 'Open world', tone: 'warning', explains: 'openWorldHint: the tool reaches outside systems (the web, other services).' });
  if (openWorldHint === false) badges.push({ label: 'Closed world', tone: 'muted', explains: 'openWorldHint false: the tool works only within its own domain.' });
  return badges;
}

/** Compact: the list row's version, only the hints that call for care (writes, destructive, open world). */
export function AnnotationBadges({ annotations, compact = false }: { annotations: McpTool['annotations']; compact?: boolean }) {
  const badges = annotationBadges(annotations).filter((badge) => !compact || badge.tone === 'danger' || badge.tone === 'warning');
  if (badges.length === 0) return null;
  return (
    <ul className={compact ? 'badge-list badge-list--compact' : 'badge-list'} aria-label="Annotations">
      {badges.map((badge) => (
        <li key={badge.label} className={`badge badge--${badge.tone}`} title={badge.explains}>
          {badge.label}
        </li>
      ))}
    </ul>
  );
}
