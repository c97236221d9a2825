// The UI's performance in headless Chromium through browser mode: opening the big capture (how
// long until the first rows show, and that a progress bar showed meanwhile), scrolling the
// virtualised list, and selecting a packet until its stack, tree, bytes and diagram are drawn.
// Then the same file opened through Open…, as browser mode uploads it.
// Targets: first rows < 1 s, scrolling at display rate, selection < 50 ms, uploads in seconds.
import { basename } from 'node:path';
import { statSync } from 'node:fs';
import { startBrowserServer } from '../../electron/server/browser-server.js';
import { ensureRendererBuilt, launchBrowser } from '../e2e/playwright-browser.js';
import { scrollFrames } from './scroll-frames.js';

const PANES = ['layer-stack', 'field-tree', 'bytes-pane', 'header-diagram'];

export async function runRendererBench(file: string): Promise<void> {
  ensureRendererBuilt();
  const sizeMB = statSync(file).size / 1e6;
  process.stdout.write(`\n== Renderer in headless Chromium (browser mode): ${file} (${sizeMB.toFixed(0)} MB)\n`);
  const server = await startBrowserServer();
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    // tsx compiles the functions passed to page.evaluate with esbuild's keepNames helper.
    await page.addInitScript('globalThis.__name = (f) => f');
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="packet-list"] [data-number="1"]');

    // 1. Open the big file by path (as Electron does after its Open dialog granted the path; the
    // page itself may not name one, so the server opens it) and watch the UI.
    const watched = page.evaluate(
      async ({ name }) => {
        const token = new URLSearchParams(location.search).get('token') ?? '';
        const ws = new WebSocket(`ws://${location.host}/api?token=${encodeURIComponent(token)}`);
        await new Promise((resolve) => (ws.onopen = resolve));
        let progressSeen = false;
        let firstRowsMs = -1;
        let loadedMs = -1;
        let packets = 0;
        // Wall-clock times, so that Node can measure from the moment it asked for the file.
        const now = () => performance.timeOrigin + performance.now();
        ws.onmessage = (e) => {
          const m = JSON.parse(e.data);
          if (m.event === 'open.progress' && m.payload.done) {
            loadedMs = now();
            packets = m.payload.packets;
          }
        };
        await new Promise<void>((resolve) => {
          const poll = () => {
            if (document.querySelector('[data-testid="open-progress"]')) progressSeen = true;
            const named = document.querySelector('.toolbar .name')?.textContent?.includes(name);
            if (firstRowsMs < 0 && named && document.querySelector('[data-testid="packet-list"] [data-number="1"]')) {
              firstRowsMs = now();
            }
            if (firstRowsMs >= 0 && loadedMs >= 0) resolve();
            else requestAnimationFrame(poll);
          };
          poll();
        });
        ws.close();
        return { progressSeen, firstRowsMs, loadedMs, packets };
      },
      { name: basename(file) },
    );
    // Once the page is listening (a few ms), the server opens the file.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const asked = performance.timeOrigin + performance.now();
    await server.service.request('file.open', { path: file });
    const seen = await watched;
    const open = { ...seen, firstRowsMs: seen.firstRowsMs - asked, loadedMs: seen.loadedMs - asked };
    process.stdout.write(
      `Open: first rows visible after ${open.firstRowsMs.toFixed(0)} ms (target < 1000 ms); progress bar shown: ${open.progressSeen ? 'yes' : 'NO'}; ` +
        `whole file indexed after ${(open.loadedMs / 1000).toFixed(1)} s (${open.packets.toLocaleString('en')} packets)\n`,
    );

    // 2. Scroll: jump through the list frame by frame and time the frames; count rows in the DOM.
    const scroll = await page.evaluate(scrollFrames, { viewport: '[data-testid="packet-list"] .viewport', items: '[role="row"]', placeholder: '.loading' });
    process.stdout.write(
      `Scroll: ${scroll.frames} frames, frame time median ${scroll.median.toFixed(1)} ms, p95 ${scroll.p95.toFixed(1)} ms (display rate: ~16.7 ms); ` +
        `at most ${scroll.maxItems} rows in the DOM; row placeholders seen while rows were fetched: ${scroll.placeholders}\n`,
    );

    // 3. Selection: arrow down through packets; time until all four panes show the new packet.
    await page.evaluate(() => {
      const v = document.querySelector('[data-testid="packet-list"] .viewport') as HTMLElement;
      v.scrollTop = 0;
    });
    await page.click('[data-testid="packet-list"] [data-number="1"]');
    await page.waitForSelector('[data-testid="field-tree"][data-rendered-packet="1"]');
    const select = await page.evaluate(async (panes) => {
      const list = document.querySelector('[data-testid="packet-list"]') as HTMLElement;
      const times: number[] = [];
      const fetches: number[] = [];
      const renders: number[] = [];
      for (let n = 2; n <= 41; n++) {
        const t0 = performance.now();
        // A MutationObserver sees the moment Svelte has updated all four panes; forcing layout
        // then adds style and layout, so the figure is keypress → laid out, ready to paint.
        const laidOut = new Promise<number>((resolve) => {
          const check = () => panes.every((p) => document.querySelector(`[data-testid="${p}"]`)?.getAttribute('data-rendered-packet') === String(n));
          const observer = new MutationObserver(() => {
            if (!check()) return;
            observer.disconnect();
            void document.body.offsetHeight;
            resolve(performance.now());
          });
          observer.observe(document.body, { attributes: true, subtree: true, attributeFilter: ['data-rendered-packet'] });
        });
        list.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
        const done = await laidOut;
        times.push(done - t0);
        fetches.push(Number(document.querySelector('[data-testid="field-tree"]')?.getAttribute('data-fetch-ms')));
        // From the packet's arrival (the selection state marks it) to laid out.
        renders.push(done - performance.getEntriesByName('layerscope:packet-arrived')[0].startTime);
        await new Promise((r) => requestAnimationFrame(r));
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const render = renders;
      times.sort((a, b) => a - b);
      return {
        median: times[Math.floor(times.length / 2)],
        p95: times[Math.floor(times.length * 0.95)],
        max: times[times.length - 1],
        count: times.length,
        fetchMedian: median(fetches),
        renderMedian: median(render),
        renderMax: Math.max(...render),
      };
    }, PANES);
    process.stdout.write(
      `Select: ${select.count} packets, keypress → stack, tree, bytes and diagram updated and laid out: median ${select.median.toFixed(1)} ms, p95 ${select.p95.toFixed(1)} ms, max ${select.max.toFixed(1)} ms (target < 50 ms); ` +
        `of which the packet.get round trip median ${select.fetchMedian.toFixed(1)} ms, rendering (packet arrived → laid out) median ${select.renderMedian.toFixed(1)} ms (max ${select.renderMax.toFixed(1)} ms)\n`,
    );

    // 4. The same file through Open… (browser mode uploads it in chunks): progress at once, then
    // its first rows once it has arrived.
    const started = performance.now();
    await page.getByTestId('file-input').setInputFiles(file);
    await page.getByTestId('upload-progress').waitFor();
    const progressMs = performance.now() - started;
    await page.getByTestId('upload-progress').waitFor({ state: 'detached', timeout: 600_000 });
    await page.waitForSelector('[data-testid="packet-list"] [data-number="1"]');
    const uploadedMs = performance.now() - started;
    const broken = await page.getByRole('alert').count();
    process.stdout.write(
      `Open… (the browser uploads the file): progress shown after ${progressMs.toFixed(0)} ms; first rows after ${(uploadedMs / 1000).toFixed(1)} s (${(sizeMB / (uploadedMs / 1000)).toFixed(0)} MB/s)${broken ? '; an ERROR was shown' : '; no error'}\n`,
    );
  } finally {
    await browser.close();
    await server.close();
  }
}

// `node --import tsx test/bench/renderer-bench.ts FILE` runs this part alone.
if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: node --import tsx test/bench/renderer-bench.ts FILE\n');
    process.exit(2);
  }
  await runRendererBench(file);
}
