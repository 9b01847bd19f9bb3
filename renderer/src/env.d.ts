/** Vite bundles CSS imported for its side effects; TypeScript only needs to know such imports exist. */
declare module '*.css';

/** Vite emits a file imported with `?url` into the bundle and gives its URL (pdf.js's worker). */
declare module '*?url' {
  const url: string;
  export default url;
}
