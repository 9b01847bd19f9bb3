import { useState } from 'react';
import type { McpContent } from '../../../../../main/rpc/contract.ts';
import { planContent, type ContentView } from './content-plan.ts';
import { downloadFile, fromBase64 } from '../../../components/download.ts';
import { formatBytes } from './format.ts';
import { PdfPages } from './PdfPages.tsx';

/** One content block of a result, a resource read or a prompt message, drawn by its kind. */
export function ContentBlock({ block, onOpenResource }: { block: McpContent; onOpenResource?: (uri: string) => void }) {
  const { view, audience, priority } = planContent(block);
  return (
    <article className={`content-block content-block--${view.kind}`}>
      <ContentBody view={view} onOpenResource={onOpenResource} />
      {audience !== undefined || priority !== undefined ? (
        <p className="content-block__meta">
          {audience !== undefined ? `For ${audience}` : null}
          {audience !== undefined && priority !== undefined ? ' · ' : null}
          {priority !== undefined ? `priority ${priority}` : null}
        </p>
      ) : null}
    </article>
  );
}

function ContentBody({ view, onOpenResource }: { view: ContentView; onOpenResource: ((uri: string) => void) | undefined }) {
  switch (view.kind) {
    case 'text':
      return <TextBody text={view.text} json={view.json} />;
    case 'image':
      return (
        <figure className="content-block__figure">
          <img className="content-block__image" src={view.src} alt={`Image returned by the tool (${view.mimeType})`} />
          <figcaption className="content-block__caption">
            Image · {view.mimeType} · {formatBytes(view.byteLength)}
          </figcaption>
        </figure>
      );
    case 'audio':
      return (
        <figure className="content-block__figure">
          <AudioPlayer src={view.src} label={`Audio returned by the tool (${view.mimeType})`} />
          <figcaption className="content-block__caption">
            Audio · {view.mimeType} · {formatBytes(view.byteLength)}
          </figcaption>
        </figure>
      );
    case 'link':
      return (
        <div className="content-block__resource">
          <p className="content-block__kind">Resource link</p>
          <p className="content-block__title">{view.title ?? view.name}</p>
          <code className="content-block__uri break-all">{view.uri}</code>
          {view.description ? <p className="muted">{view.description}</p> : null}
          <p className="content-block__caption">
            {[view.mimeType, view.size !== undefined ? formatBytes(view.size) : undefined].filter(Boolean).join(' · ')}
          </p>
          {onOpenResource ? (
            <button type="button" className="button button--secondary button--small" onClick={() => onOpenResource(view.uri)}>
              Read resource
            </button>
          ) : null}
        </div>
      );
    case 'resource-text':
      return (
        <div className="content-block__resource">
          <p className="content-block__kind">Embedded resource{view.mimeType ? ` · ${view.mimeType}` : ''}</p>
          <code className="content-block__uri break-all">{view.uri}</code>
          <TextBody text={view.text} json={view.json} />
        </div>
      );
    case 'resource-blob':
      return (
        <div className="content-block__resource">
          <p className="content-block__kind">
            Embedded resource · {view.mimeType ?? 'binary'} · {formatBytes(view.byteLength)}
          </p>
          <code className="content-block__uri break-all">{view.uri}</code>
          {view.media === 'image' && view.src ? <img className="content-block__image" src={view.src} alt={`Resource ${view.uri}`} /> : null}
          {view.media === 'audio' && view.src ? <AudioPlayer src={view.src} label={`Resource ${view.uri}`} /> : null}
          {view.media === 'text' && view.text !== undefined ? <TextBody text={view.text} json={undefined} /> : null}
          {view.media === 'pdf' && view.download ? <PdfPages base64={view.download.base64} label={view.uri} /> : null}
          {view.media === undefined ? <p className="muted">{view.download ? 'Binary data: download it to open it.' : 'The data is not valid base64.'}</p> : null}
          {view.download ? <BlobDownloadButton download={view.download} /> : null}
        </div>
      );
    case 'unrenderable':
      return (
        <div className="content-block__resource">
          <p className="content-block__kind">{view.reason}</p>
          <pre className="code-block">{view.json}</pre>
        </div>
      );
  }
}

function BlobDownloadButton({ download }: { download: { fileName: string; mimeType: string; base64: string } }) {
  return (
    <button
      type="button"
      className="button button--secondary button--small"
      onClick={() => downloadFile(download.fileName, fromBase64(download.base64), download.mimeType)}
    >
      Download {download.fileName}
    </button>
  );
}

/** Text as sent; JSON text can be shown formatted. */
function TextBody({ text, json }: { text: string; json: string | undefined }) {
  const [formatted, setFormatted] = useState(json !== undefined);
  return (
    <div className="content-block__text">
      {json !== undefined ? (
        <label className="content-block__toggle">
          <input type="checkbox" checked={formatted} onChange={(event) => setFormatted(event.target.checked)} /> Format JSON
        </label>
      ) : null}
      <pre className="code-block">
        {formatted && json !== undefined ? json : text}
      </pre>
    </div>
  );
}

/** Says so when the audio cannot play (an unsupported codec, or a policy that refuses data: media). */
function AudioPlayer({ src, label }: { src: string; label: string }) {
  const [failed, setFailed] = useState(false);
  return (
    <>
      <audio className="content-block__audio" controls src={src} aria-label={label} onError={() => setFailed(true)} />
      {failed ? <p className="muted">This audio cannot be played here; its format may not be supported by this window.</p> : null}
    </>
  );
}
