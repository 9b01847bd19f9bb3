import { diffLines, diffWords, type ChangeObject } from 'diff';

/** Unchanged lines kept on each side of a change; a longer unchanged run folds to a count. */
const CONTEXT_LINES = 3;
/** Folding fewer lines than this would save less room than its own line takes to read. */
const MIN_FOLDED_LINES = 4;

type DiffLine = { kind: 'added' | 'removed' | 'same'; text: string; words?: ChangeObject<string>[] };
type DiffRow = DiffLine | { kind: 'folded'; count: number };

/**
 * One field of a tool definition, before and after, as a unified line diff: removed lines marked −,
 * added lines +, and a one-line change (a description) shows which words changed. A schema of
 * two hundred lines with one property added reads as that property, not as two walls of JSON.
 */
export function DefinitionDiff({ before, after, label }: { before: string | null; after: string | null; label: string }) {
  const rows = foldUnchanged(pairWordChanges(toLines(before ?? '', after ?? '')));
  return (
    <pre className="code-block tool-pins__diff" aria-label={label}>
      {rows.map((row, index) => (
        <DiffRowView key={index} row={row} />
      ))}
    </pre>
  );
}

function DiffRowView({ row }: { row: DiffRow }) {
  if (row.kind === 'folded') return <span className="tool-pins__line tool-pins__line--folded">⋯ {row.count} unchanged lines</span>;
  const text = row.words ? row.words.map((word, index) => <WordPart key={index} word={word} kind={row.kind} />) : row.text;
  if (row.kind === 'removed') {
    return (
      <del className="tool-pins__line tool-pins__line--removed">
        <span className="visually-hidden">Removed: </span>
        {text}
      </del>
    );
  }
  if (row.kind === 'added') {
    return (
      <ins className="tool-pins__line tool-pins__line--added">
        <span className="visually-hidden">Added: </span>
        {text}
      </ins>
    );
  }
  return <span className="tool-pins__line">{text}</span>;
}

/** Within a changed line, the words this side does not share with the other are marked. */
function WordPart({ word, kind }: { word: ChangeObject<string>; kind: DiffLine['kind'] }) {
  const own = kind === 'removed' ? word.removed : word.added;
  if (own) return <mark className="tool-pins__word">{word.value}</mark>;
  if (word.added || word.removed) return null;
  return <>{word.value}</>;
}

function toLines(before: string, after: string): DiffLine[] {
  return diffLines(before, after).flatMap((part) => {
    const kind = part.added ? 'added' : part.removed ? 'removed' : 'same';
    return part.value.replace(/\n$/, '').split('\n').map((text) => ({ kind, text }));
  });
}

/** A single removed line followed by a single added line is one edited line: mark its changed words. */
function pairWordChanges(lines: DiffLine[]): DiffLine[] {
  return lines.map((line, index) => {
    const isLoneRemoval = line.kind === 'removed' && lines[index - 1]?.kind !== 'removed' && lines[index + 1]?.kind === 'added' && lines[index + 2]?.kind !== 'added';
    const isLoneAddition = line.kind === 'added' && lines[index - 1]?.kind === 'removed' && lines[index - 2]?.kind !== 'removed' && lines[index + 1]?.kind !== 'added';
    if (!isLoneRemoval && !isLoneAddition) return line;
    const [removed, added] = isLoneRemoval ? [line.text, lines[index + 1]?.text ?? ''] : [lines[index - 1]?.text ?? '', line.text];
    return { ...line, words: diffWords(removed, added) };
  });
}

function foldUnchanged(lines: DiffLine[]): DiffRow[] {
  const rows: DiffRow[] = [];
  let run: DiffLine[] = [];
  const flush = (atStart: boolean, atEnd: boolean) => {
    const keepBefore = atStart ? 0 : CONTEXT_LINES;
    const keepAfter = atEnd ? 0 : CONTEXT_LINES;
    if (run.length - keepBefore - keepAfter >= MIN_FOLDED_LINES) {
      rows.push(...run.slice(0, keepBefore), { kind: 'folded', count: run.length - keepBefore - keepAfter }, ...run.slice(run.length - keepAfter));
    } else {
      rows.push(...run);
    }
    run = [];
  };
  lines.forEach((line) => {
    if (line.kind === 'same') {
      run.push(line);
      return;
    }
    flush(rows.length === 0, false);
    rows.push(line);
  });
  flush(rows.length === 0, true);
  return rows;
}
