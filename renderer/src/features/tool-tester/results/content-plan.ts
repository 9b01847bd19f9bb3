import type { McpContent } from '../../../../../main/rpc/contract.ts';

/**
 * What to draw for each content block a server sent: decided here, apart from the drawing, so
 * the rules (which data may become a data: URL, when text is JSON) are plain and testable.
 * Content comes from a server the operator is testing, so nothing in it is trusted: only
 * well-formed base64 with a matching media type becomes an <img> or <audio> source.
 */
export type ContentView =
  | { kind: 'text'; text: string; json: string | undefined }
  | { kind: 'image'; src: string; mimeType: string; byteLength: number }
  | { kind: 'audio'; src: string; mimeType: string; byteLength: number }
  | { kind: 'link'; uri: string; name: string; title: string | undefined; description: string | undefined; mimeType: string | undefined; size: number | undefined }
  | { kind: 'resource-text'; uri: string; mimeType: string | undefined; text: string; json: string | undefined }
  | { kind: 'resource-blob'; uri: string; mimeType: string | undefined; byteLength: number; media: BlobMedia; src: string | undefined; text: string | undefined; download: BlobDownload | undefined }
  | { kind: 'unrenderable'; reason: string; json: string };

/**
 * How a blob is shown, by its MIME type: an image or audio inline; text (text/*, JSON, XML, YAML,
 * JavaScript) decoded as UTF-8 when it is valid UTF-8; a PDF's pages drawn by pdf.js (the window's
 * policy embeds no plug-in); anything else offered for download.
 */
type BlobMedia = 'image' | 'audio' | 'text' | 'pdf' | undefined;

interface BlobDownload {
  fileName: string;
  mimeType: string;
  base64: string;
}

export interface PlannedContent {
  view: ContentView;
  /** Who the server meant the block for, and its priority, when it said. */
  audience: string | undefined;
  priority: number | undefined;
}

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function planContent(block: McpContent): PlannedContent {
  const annotations = 'annotations' in block ? block.annotations : undefined;
  return {
    view: viewOf(block),
    audience: annotations?.audience?.join(', '),
    priority: annotations?.priority,
  };
}

function viewOf(block: McpContent): ContentView {
  switch (block.type) {
    case 'text':
      return { kind: 'text', text: block.text, json: prettyJson(block.text) };
    case 'image':
      return mediaView('image', block.data, block.mimeType, block);
    case 'audio':
      return mediaView('audio', block.data, block.mimeType, block);
    case 'resource_link':
      return { kind: 'link', uri: block.uri, name: block.name, title: block.title, description: block.description, mimeType: block.mimeType, size: block.size };
    case 'resource': {
      const { resource } = block;
      if ('text' in resource) return { kind: 'resource-text', uri: resource.uri, mimeType: resource.mimeType, text: resource.text, json: prettyJson(resource.text) };
      return blobView(resource.uri, resource.mimeType, resource.blob);
    }
    default:
      return { kind: 'unrenderable', reason: `This console does not know the content type "${String((block as { type?: unknown }).type)}".`, json: JSON.stringify(block, null, 2) };
  }
}

function blobView(uri: string, mimeType: string | undefined, blob: string): ContentView {
  const valid = isBase64(blob);
  const base = { kind: 'resource-blob' as const, uri, mimeType, byteLength: base64ByteLength(blob), src: undefined, text: undefined };
  if (!valid) return { ...base, media: undefined, download: undefined };
  const download = { fileName: fileNameOf(uri, mimeType), mimeType: mimeType && MEDIA_TYPE.test(mimeType) ? mimeType : 'application/octet-stream', base64: blob.replace(/\s+/g, '') };
  const media = mediaKind(mimeType);
  if (media) return { ...base, media, src: dataUrl(mimeType!, blob), download };
  if (mimeType && TEXT_TYPE.test(mimeType)) {
    const text = decodeUtf8(download.base64);
    if (text !== undefined) return { ...base, media: 'text', text, download };
  }
  if (mimeType?.toLowerCase() === 'application/pdf') return { ...base, media: 'pdf', download };
  return { ...base, media: undefined, download };
}

const TEXT_TYPE = /^(text\/[a-z0-9.+-]+|application\/([a-z0-9.-]+\+)?(json|xml|yaml|javascript|x-yaml|toml|csv|x-sh))(;.*)?$/i;

function decodeUtf8(base64: string): string | undefined {
  try {
    const binary = atob(base64);
    const bytes = Uint8Array.from(binary, (character) => character.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** The URI's last segment, with an extension for its type when it has none. */
function fileNameOf(uri: string, mimeType: string | undefined): string {
  const last = uri.split(/[/?#]/).filter(Boolean).at(-1)?.replace(/[^A-Za-z0-9._-]/g, '_') || 'resource';
  if (/\.[A-Za-z0-9]{1,8}$/.test(last)) return last;
  const extension = mimeType?.toLowerCase() === 'application/pdf' ? '.pdf' : mimeType?.toLowerCase().startsWith('text/') ? '.txt' : '.bin';
  return `${last}${extension}`;
}

function mediaView(kind: 'image' | 'audio', data: string, mimeType: string, block: McpContent): ContentView {
  if (mediaKind(mimeType) !== kind) {
    return { kind: 'unrenderable', reason: `The ${kind} says its type is "${mimeType}", which is not an ${kind} type.`, json: summarise(block) };
  }
  if (!isBase64(data)) return { kind: 'unrenderable', reason: `The ${kind} data is not valid base64.`, json: summarise(block) };
  return { kind, src: dataUrl(mimeType, data), mimeType, byteLength: base64ByteLength(data) };
}

function mediaKind(mimeType: string | undefined): 'image' | 'audio' | undefined {
  if (!mimeType || !MEDIA_TYPE.test(mimeType)) return undefined;
  if (mimeType.toLowerCase().startsWith('image/')) return 'image';
  if (mimeType.toLowerCase().startsWith('audio/')) return 'audio';
  return undefined;
}

function isBase64(data: string): boolean {
  const compact = data.replace(/\s+/g, '');
  return compact.length > 0 && compact.length % 4 === 0 && BASE64.test(compact);
}

function dataUrl(mimeType: string, data: string): string {
  return `data:${mimeType};base64,${data.replace(/\s+/g, '')}`;
}

function base64ByteLength(data: string): number {
  const compact = data.replace(/\s+/g, '');
  const padding = compact.endsWith('==') ? 2 : compact.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((compact.length * 3) / 4) - padding);
}

/** Text that is a JSON object or array is offered pretty-printed as well. */
function prettyJson(text: string): string | undefined {
  const trimmed = text.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return undefined;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return undefined;
  }
}

/** Long base64 is cut in the JSON shown for a block that cannot be drawn. */
function summarise(block: McpContent): string {
  return JSON.stringify(block, (key, value: unknown) => (key === 'data' && typeof value === 'string' && value.length > 120 ? `${value.slice(0, 120)}… (${value.length} characters)` : value), 2);
}
