import { useEffect, useRef, useState } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { fromBase64 } from '../../../components/download.ts';
import { drawPage, openPdf } from './pdf-document.ts';

type Loaded = { state: 'opening' } | { state: 'open'; document: PDFDocumentProxy } | { state: 'failed'; reason: string };

/** A PDF's pages drawn one at a time on a canvas, with the page count and previous / next. */
export function PdfPages({ base64, label }: { base64: string; label: string }) {
  const loaded = usePdf(base64);
  const [pageNumber, setPageNumber] = useState(1);
  const [drawn, setDrawn] = useState<number | undefined>(undefined);
  const [drawError, setDrawError] = useState<string | undefined>(undefined);
  const canvas = useRef<HTMLCanvasElement>(null);
  const document = loaded.state === 'open' ? loaded.document : undefined;

  useEffect(() => {
    if (!document || !canvas.current) return;
    const abort = new AbortController();
    setDrawn(undefined);
    setDrawError(undefined);
    drawPage(document, pageNumber, canvas.current, abort.signal)
      .then(() => {
        if (!abort.signal.aborted) setDrawn(pageNumber);
      })
      .catch((error: unknown) => setDrawError(error instanceof Error ? error.message : String(error)));
    return () => abort.abort();
  }, [document, pageNumber]);

  if (loaded.state === 'opening') return <p className="muted">Opening the PDF…</p>;
  if (loaded.state === 'failed') return <p className="muted">This PDF cannot be shown here ({loaded.reason}); download it to open it.</p>;
  const pages = loaded.document.numPages;
  return (
    <figure className="content-block__figure" aria-label={`PDF ${label}`}>
      <canvas ref={canvas} className="pdf-pages__canvas" role="img" aria-label={`Page ${pageNumber} of ${pages}`} data-drawn-page={drawn ?? ''} />
      {drawError ? <p className="muted">Page {pageNumber} could not be drawn: {drawError}</p> : null}
      <figcaption className="pdf-pages__controls">
        <button type="button" className="button button--secondary button--small" disabled={pageNumber <= 1} onClick={() => setPageNumber(pageNumber - 1)}>
          Previous page
        </button>
        <span aria-live="polite">
          Page {pageNumber} of {pages}
        </span>
        <button type="button" className="button button--secondary button--small" disabled={pageNumber >= pages} onClick={() => setPageNumber(pageNumber + 1)}>
          Next page
        </button>
      </figcaption>
    </figure>
  );
}

/** Opens the document once per blob and lets pdf.js free it (and its worker's copy) when it goes. */
function usePdf(base64: string): Loaded {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'opening' });
  useEffect(() => {
    let current: PDFDocumentProxy | undefined;
    let gone = false;
    setLoaded({ state: 'opening' });
    openPdf(fromBase64(base64))
      .then((document) => {
        current = document;
        if (gone) void document.loadingTask.destroy();
        else setLoaded({ state: 'open', document });
      })
      .catch((error: unknown) => {
        if (!gone) setLoaded({ state: 'failed', reason: error instanceof Error ? error.message : String(error) });
      });
    return () => {
      gone = true;
      void current?.loadingTask.destroy();
    };
  }, [base64]);
  return loaded;
}
