import type { PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

/**
 * Opens a PDF a server sent with pdf.js. The library is imported when a PDF is first shown (it is
 * large, and most sessions never see one); its worker is a file of the app's own bundle, so the
 * window's policy needs no other origin. The document comes from a server under test, so nothing
 * in it runs: no scripting (pdf.js has none outside its viewer), no WebAssembly decoders (the
 * policy allows no wasm compilation), and fonts the document does not embed fall back to the
 * system's rather than being fetched.
 */
export async function openPdf(bytes: Uint8Array<ArrayBuffer>): Promise<PDFDocumentProxy> {
  const pdfjs = await import('pdfjs-dist');
  pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
  return pdfjs.getDocument({ data: bytes, useWasm: false, useSystemFonts: true, enableXfa: false }).promise;
}

/** The widest a page is drawn, in CSS pixels, before the panel's own width narrows it. */
const PAGE_WIDTH_PX = 640;

/** Draws one page into the canvas, sharp on a high-density screen; resolves when it is drawn. */
export async function drawPage(document: PDFDocumentProxy, pageNumber: number, canvas: HTMLCanvasElement, signal: AbortSignal): Promise<void> {
  const page = await document.getPage(pageNumber);
  if (signal.aborted) return;
  const natural = page.getViewport({ scale: 1 });
  const viewport = page.getViewport({ scale: Math.min(2, PAGE_WIDTH_PX / natural.width) });
  const density = window.devicePixelRatio || 1;
  canvas.width = Math.floor(viewport.width * density);
  canvas.height = Math.floor(viewport.height * density);
  canvas.style.aspectRatio = `${viewport.width} / ${viewport.height}`;
  canvas.style.maxWidth = `${Math.floor(viewport.width)}px`;
  const task = page.render({ canvas, viewport, transform: density === 1 ? undefined : [density, 0, 0, density, 0, 0] });
  signal.addEventListener('abort', () => task.cancel(), { once: true });
  try {
    await task.promise;
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}
