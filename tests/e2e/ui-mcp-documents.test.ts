import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { fixtureStdio } from '../fixtures/mcp/everything.ts';
import { chromiumUnavailableReason, type BrowserPage } from '../helpers/browser.ts';
import { addServer } from '../helpers/mcp.ts';
import { openConsoleInBrowser, openTesterOn, screenshotInBothThemes, visible, type ConsoleInBrowser } from '../helpers/console-in-browser.ts';
import { pdfDocument } from '../helpers/pdf.ts';

/**
 * A PDF a server offers as a resource, drawn in the tester by pdf.js (its worker from the bundle,
 * under the window's real policy) in the system's Chromium: a two-page document made by the test,
 * served as an application/pdf blob by a fixture MCP server. Each page drawn must hold pixels
 * that are not the paper's white; the download stays beside it. And the other blobs by their MIME
 * type: a PNG shown as an image the browser decoded, WAV audio in a player that loaded it, and
 * bytes of no known type offered for download only.
 */
const unavailable = chromiumUnavailableReason();
if (unavailable) console.warn(`ui-mcp-documents: skipped — ${unavailable}`);

const VISIBLE_MS = 20_000;

describe.skipIf(unavailable !== undefined)('a PDF resource in the tool tester, in a browser', () => {
  let ui: ConsoleInBrowser;
  let core: Core;
  let tab: BrowserPage;
  let page: Page;

  beforeAll(async () => {
    ui = await openConsoleInBrowser({ dataDirPrefix: 'crewship-ui-mcp-documents-', timeoutMs: VISIBLE_MS });
    ({ core, tab, page } = ui);
    const pdfFile = join(ui.dataDir, 'quarterly.pdf');
    writeFileSync(pdfFile, pdfDocument(['Quarterly report', 'Second page']));
    const server = addServer(core, 'documents', fixtureStdio('document-server.mjs', { PDF_FILE: pdfFile }));
    await core.mcp.gateway.connect({ server: 'documents' });
    await openTesterOn(ui, server.id);
  });

  afterAll(async () => {
    await ui?.close();
  });

  const pdf = () => page.getByRole('figure', { name: 'PDF docs://reports/quarterly.pdf' });

  it('draws the first page on a canvas, with the page count and the download', async () => {
    await page.getByRole('tablist', { name: 'Browse the catalog' }).getByRole('tab', { name: 'Resources' }).click();
    await page.getByRole('listbox', { name: 'Resources' }).getByRole('option', { name: /Quarterly report/ }).click();
    await visible(pdf().getByText('Page 1 of 2'));
    const canvas = pdf().getByRole('img', { name: 'Page 1 of 2' });
    await expect.poll(() => canvas.getAttribute('data-drawn-page')).toBe('1');
    expect(await drawnPixels(canvas)).toBeGreaterThan(1000);
    expect(await pdf().getByRole('button', { name: 'Previous page' }).isDisabled()).toBe(true);
    await visible(page.getByRole('button', { name: 'Download quarterly.pdf' }));
    await pdf().evaluate((element) => element.scrollIntoView({ block: 'center' }));
    await screenshotInBothThemes(core, page, 'tester-pdf');
  });

  it('turns to the next page and back', async () => {
    await pdf().getByRole('button', { name: 'Next page' }).click();
    const second = pdf().getByRole('img', { name: 'Page 2 of 2' });
    await expect.poll(() => second.getAttribute('data-drawn-page')).toBe('2');
    expect(await drawnPixels(second)).toBeGreaterThan(1000);
    expect(await pdf().getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    await pdf().getByRole('button', { name: 'Previous page' }).click();
    await expect.poll(() => pdf().getByRole('img', { name: 'Page 1 of 2' }).getAttribute('data-drawn-page')).toBe('1');
  });

  it('offers the same bytes for download', async () => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download quarterly.pdf' }).click();
    const file = await (await download).path();
    expect(readFileSync(file).subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
  });

  it('shows an image blob and an audio blob inline, and offers a blob of no known type for download only', async () => {
    const resources = page.getByRole('listbox', { name: 'Resources' });
    await resources.getByRole('option', { name: /A dot/ }).click();
    const image = page.getByRole('img', { name: 'Resource docs://media/dot.png' });
    await expect.poll(() => image.evaluate((element) => (element as HTMLImageElement).naturalWidth)).toBe(1);
    await visible(page.getByRole('button', { name: 'Download dot.png' }));

    await resources.getByRole('option', { name: /A tone/ }).click();
    const audio = page.getByLabel('Resource docs://media/tone.wav');
    // The player read the WAV's header: it knows the tone lasts a quarter second.
    await expect.poll(() => audio.evaluate((element) => Math.round((element as HTMLAudioElement).duration * 100))).toBe(25);
    expect(await page.getByText('This audio cannot be played here').count()).toBe(0);
    await visible(page.getByRole('button', { name: 'Download tone.wav' }));
    await audio.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    await screenshotInBothThemes(core, page, 'tester-audio-blob');

    await resources.getByRole('option', { name: /An archive/ }).click();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download archive.bin' }).click();
    expect([...readFileSync(await (await download).path())]).toEqual([0, 1, 2, 3, 250, 251, 252, 253]);
    expect(await page.getByRole('img', { name: 'Resource docs://data/archive.bin' }).count()).toBe(0);
    expect(await page.getByLabel('Resource docs://data/archive.bin').count()).toBe(0);
  });

  it('ran without errors in the page (the policy let the worker start)', () => {
    expect(tab.pageErrors).toEqual([]);
  });

  /** Pixels of the canvas that are neither transparent nor the paper's white: what pdf.js drew. */
  function drawnPixels(canvas: Locator): Promise<number> {
    return canvas.evaluate((element) => {
      const drawn = element as HTMLCanvasElement;
      const { data } = drawn.getContext('2d')!.getImageData(0, 0, drawn.width, drawn.height);
      let count = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0 && (data[i]! < 240 || data[i + 1]! < 240 || data[i + 2]! < 240)) count++;
      return count;
    });
  }
});
