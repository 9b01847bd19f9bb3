/**
 * The strict CSP from the design, the same for the Electron window (app://bundle) and for the
 * local host's pages: only our own scripts; data: only for images and audio that tool results carry.
 * worker-src: pdf.js draws a PDF a server sent in a worker, a file of our own bundle ('self').
 * Where the window's origin is one pdf.js does not recognise as its own it starts the same file
 * through a one-line blob: module that imports it (still our bundle's script, under script-src),
 * hence blob: as well; no other origin may run a worker.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "media-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');
