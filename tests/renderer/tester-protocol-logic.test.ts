import { describe, expect, it } from 'vitest';
import { planContent } from '../../renderer/src/features/tool-tester/results/content-plan.ts';
import { expandTemplate, templateVariables } from '../../renderer/src/features/tool-tester/uri-template.ts';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('resource templates (RFC 6570)', () => {
  it('names each variable once, in order, across operators and modifiers', () => {
    expect(templateVariables('demo://resource/dynamic/text/{resourceId}')).toEqual(['resourceId']);
    expect(templateVariables('file:///{+path}{?limit,offset}{#frag}{/seg*}{;x,path}')).toEqual(['path', 'limit', 'offset', 'frag', 'seg', 'x']);
  });

  it('expands with each operator’s encoding, and leaves empty variables out', () => {
    expect(expandTemplate('demo://resource/dynamic/text/{resourceId}', { resourceId: '7' })).toBe('demo://resource/dynamic/text/7');
    expect(expandTemplate('x://{name}', { name: 'a b/c' })).toBe('x://a%20b%2Fc');
    expect(expandTemplate('file:///{+path}', { path: 'home/me/a b.txt' })).toBe('file:///home/me/a%20b.txt');
    expect(expandTemplate('x://s{?q,limit}', { q: 'caf\u00e9', limit: '' })).toBe('x://s?q=caf%C3%A9');
    expect(expandTemplate('x://s{?q,limit}', {})).toBe('x://s');
    expect(expandTemplate('x://s{/a,b}{#f}', { a: '1', b: '2', f: 'top' })).toBe('x://s/1/2#top');
    expect(expandTemplate('x://{id:3}', { id: 'abcdef' })).toBe('x://abc');
    expect(expandTemplate('x://m{;k}', { k: 'v' })).toBe('x://m;k=v');
  });
});

describe('blobs by MIME type', () => {
  const blob = (mimeType: string | undefined, data: string, uri = 'demo://r/doc') => planContent({ type: 'resource', resource: { uri, ...(mimeType ? { mimeType } : {}), blob: data } }).view;

  it('decodes text blobs (text/*, JSON) and shows them, with a download', () => {
    expect(blob('text/plain', base64('Resource 3: hello'))).toMatchObject({ kind: 'resource-blob', media: 'text', text: 'Resource 3: hello', download: { fileName: 'doc.txt', mimeType: 'text/plain' } });
    expect(blob('application/json', base64('{"a":1}'))).toMatchObject({ media: 'text', text: '{"a":1}' });
  });

  it('keeps a text type that is not UTF-8 as binary to download', () => {
    expect(blob('text/plain', Buffer.from([0xff, 0xfe, 0x00]).toString('base64'))).toMatchObject({ media: undefined, text: undefined, download: { mimeType: 'text/plain' } });
  });

  it('shows images and audio inline, a PDF as a document to download, the rest for download', () => {
    expect(blob('image/png', 'iVBORw0KGgo=')).toMatchObject({ media: 'image', src: 'data:image/png;base64,iVBORw0KGgo=' });
    expect(blob('audio/wav', 'UklGRg==')).toMatchObject({ media: 'audio', src: 'data:audio/wav;base64,UklGRg==' });
    expect(blob('application/pdf', base64('%PDF-1.7'), 'demo://r/report')).toMatchObject({ media: 'pdf', src: undefined, download: { fileName: 'report.pdf', mimeType: 'application/pdf' } });
    expect(blob('application/octet-stream', 'AAECAw==', 'demo://r/data.bin')).toMatchObject({ media: undefined, byteLength: 4, download: { fileName: 'data.bin', base64: 'AAECAw==' } });
    expect(blob(undefined, 'AAECAw==')).toMatchObject({ media: undefined, download: { mimeType: 'application/octet-stream', fileName: 'doc.bin' } });
  });

  it('offers nothing to download from data that is not base64', () => {
    expect(blob('image/png', 'not base64!')).toMatchObject({ media: undefined, download: undefined, src: undefined });
  });
});
