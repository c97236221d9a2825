// The report as PDF, printed by a headless Chromium (the desktop app prints with Electron's own;
// the command line looks for an installed Chromium). The PDF appears whole or not at all.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** No Chromium to print with, or it failed: the message says what to install or what went wrong. */
export class PdfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdfError';
  }
}

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium'];

/** The Chromium to print with: LAYERSCOPE_CHROMIUM when set, else the first installed one. */
export function findChromium(): string | undefined {
  const chosen = process.env.LAYERSCOPE_CHROMIUM;
  if (chosen) return existsSync(chosen) ? chosen : undefined;
  return CANDIDATES.find((c) => existsSync(c));
}

/** How long printing may take before it is given up. */
const PRINT_TIMEOUT_MS = 120_000;

export async function writePdf(html: string, destination: string): Promise<void> {
  const chromium = findChromium();
  if (!chromium) {
    throw new PdfError('A PDF report is printed by Chromium, which is not installed: install it (Debian and Ubuntu: sudo apt-get install chromium), set LAYERSCOPE_CHROMIUM to its path, or write the report as .html and print it from a browser');
  }
  const dir = mkdtempSync(join(tmpdir(), 'layerscope-report-'));
  const page = join(dir, 'report.html');
  const partial = `${destination}.partial-${process.pid}`;
  try {
    writeFileSync(page, html);
    const args = [
      '--headless', '--disable-gpu', '--no-first-run', '--no-default-browser-check',
      // Root (CI, containers) cannot use Chromium's sandbox; the page is our own file.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      `--user-data-dir=${join(dir, 'profile')}`,
      '--no-pdf-header-footer',
      `--print-to-pdf=${partial}`,
      pathToFileURL(page).href,
    ];
    await new Promise<void>((resolve, reject) => {
      const child = spawn(chromium, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
      const timer = setTimeout(() => child.kill('SIGKILL'), PRINT_TIMEOUT_MS);
      child.on('error', (err) => reject(new PdfError(`Chromium (${chromium}) could not be started: ${err.message}`)));
      child.on('close', (code) => {
        clearTimeout(timer);
        if (code === 0 && existsSync(partial) && statSync(partial).size > 0) resolve();
        else reject(new PdfError(`Chromium (${chromium}) did not print the report (exit code ${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`));
      });
    });
    renameSync(partial, destination);
  } finally {
    rmSync(partial, { force: true });
    rmSync(dir, { recursive: true, force: true });
  }
}
