import { useSharedFile } from '../../api/connections.ts';
import { QueryView } from '../../components/QueryView.tsx';
import { fromBase64 } from '../../components/download.ts';
import { Markdown } from './markdown.tsx';

/** Text beyond this many characters is cut from the preview (the download has it all). */
const PREVIEW_CHARACTERS = 200_000;

/** A shared file shown by what it is: an image, JSON (formatted), Markdown (rendered safely), or text. */
export function FilePreview({ connectionId, path, onClose }: { connectionId: string; path: string; onClose: () => void }) {
  const file = useSharedFile(connectionId, path);
  return (
    <section className="file-preview" aria-label={`Preview of ${path}`}>
      <div className="thread__header">
        <h4 className="thread__title">{path}</h4>
        <button type="button" className="button button--ghost button--small" onClick={onClose}>
          Close preview
        </button>
      </div>
      <QueryView query={file} what={path}>
        {(content) => {
          if (content.mediaType.startsWith('image/')) return <img className="file-preview__image" src={`data:${content.mediaType};base64,${content.content}`} alt={path} />;
          const text = new TextDecoder().decode(fromBase64(content.content)).slice(0, PREVIEW_CHARACTERS);
          if (content.mediaType === 'text/markdown') return <Markdown text={text} />;
          if (content.mediaType === 'application/json') return <pre className="file-preview__text">{formatJson(text)}</pre>;
          if (content.mediaType.startsWith('text/') || content.mediaType === 'application/xml' || looksLikeText(text)) return <pre className="file-preview__text">{text}</pre>;
          return <p className="muted">No preview for this kind of file ({content.mediaType}); download it instead.</p>;
        }}
      </QueryView>
    </section>
  );
}

function formatJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** No NUL and no replacement characters in the first kilobytes: text in an unknown kind of file. */
function looksLikeText(text: string): boolean {
  const head = text.slice(0, 4096);
  return !head.includes('\0') && !head.includes('\uFFFD');
}
