import type { ReactNode } from 'react';

/**
 * A small, safe Markdown preview without a package: the text becomes React elements (never HTML),
 * so nothing in it can run or style the page. It knows headings, paragraphs, fenced code, lists,
 * quotes and rules, and inline code, bold, italics and links (http, https and mailto only; others
 * show as their text). Anything else shows as it is written.
 */
export function Markdown({ text }: { text: string }) {
  return <div className="markdown">{blocks(text.replace(/\r\n?/g, '\n').split('\n'))}</div>;
}

function blocks(lines: string[]): ReactNode[] {
  const out: ReactNode[] = [];
  let i = 0;
  const key = () => `b${out.length}`;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = /^\s*```/.exec(line);
    if (fence) {
      const code: string[] = [];
      for (i++; i < lines.length && !/^\s*```/.test(lines[i] ?? ''); i++) code.push(lines[i] ?? '');
      i++;
      out.push(
        <pre key={key()}>
          <code>{code.join('\n')}</code>
        </pre>,
      );
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const Tag = `h${Math.min(6, (heading[1]?.length ?? 1) + 2)}` as 'h3';
      out.push(<Tag key={key()}>{inline(heading[2] ?? '')}</Tag>);
      i++;
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      out.push(<hr key={key()} />);
      i++;
      continue;
    }
    const list = listKind(line);
    if (list) {
      const items: string[] = [];
      for (; i < lines.length && listKind(lines[i] ?? '') === list; i++) items.push((lines[i] ?? '').replace(list === 'ol' ? /^\s*\d+[.)]\s+/ : /^\s*[-*+]\s+/, ''));
      const children = items.map((item, n) => <li key={n}>{inline(item)}</li>);
      out.push(list === 'ol' ? <ol key={key()}>{children}</ol> : <ul key={key()}>{children}</ul>);
      continue;
    }
    const paragraph: string[] = [];
    const quote = /^\s*>/.test(line);
    for (; i < lines.length && (lines[i] ?? '').trim() !== '' && /^\s*>/.test(lines[i] ?? '') === quote && !startsBlock(lines[i] ?? ''); i++) {
      paragraph.push((lines[i] ?? '').replace(/^\s*>\s?/, ''));
    }
    if (paragraph.length === 0) paragraph.push(lines[i++] ?? '');
    const content = inline(paragraph.join(' '));
    out.push(quote ? <blockquote key={key()}>{content}</blockquote> : <p key={key()}>{content}</p>);
  }
  return out;
}

function listKind(line: string): 'ul' | 'ol' | undefined {
  if (/^\s*[-*+]\s+/.test(line) && !/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) return 'ul';
  if (/^\s*\d+[.)]\s+/.test(line)) return 'ol';
  return undefined;
}

function startsBlock(line: string): boolean {
  return /^\s*```/.test(line) || /^#{1,6}\s/.test(line) || listKind(line) !== undefined;
}

const inlinePattern = /(`[^`]+`)|(\*\*[^*]+\*\*|__[^_]+__)|(\*[^*\s][^*]*\*|_[^_\s][^_]*_)|(\[[^\]]+\]\([^)\s]+\))/;

function inline(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let rest = text;
  while (rest !== '') {
    const match = inlinePattern.exec(rest);
    if (!match) {
      out.push(rest);
      break;
    }
    if (match.index > 0) out.push(rest.slice(0, match.index));
    const [whole, code, strong, em, link] = match;
    const key = `i${out.length}`;
    if (code) out.push(<code key={key}>{code.slice(1, -1)}</code>);
    else if (strong) out.push(<strong key={key}>{inline(strong.slice(2, -2))}</strong>);
    else if (em) out.push(<em key={key}>{inline(em.slice(1, -1))}</em>);
    else if (link) out.push(linkElement(link, key));
    rest = rest.slice(match.index + whole.length);
  }
  return out;
}

function linkElement(source: string, key: string): ReactNode {
  const split = source.indexOf('](');
  const label = source.slice(1, split);
  const href = source.slice(split + 2, -1);
  if (!/^(https?:|mailto:)/i.test(href)) return <span key={key}>{label}</span>;
  return (
    <a key={key} className="link" href={href} target="_blank" rel="noreferrer noopener">
      {label}
    </a>
  );
}
