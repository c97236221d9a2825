// Electronegativity (Doyensec's scanner for Electron misconfigurations) over the Electron shell
// and the page it loads: no HIGH or MEDIUM finding may remain unless it is listed below with the
// reason it is accepted. Its CLI cannot read its own options with the commander version npm
// installs beside it, so the scanner's runner is called directly, as its README allows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

interface Issue {
  id: string;
  file: string;
  severity: { name: string };
  confidence: { name: string };
  location: { line: number };
  description: string;
}

const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity/dist/runner.js') as (options: object, forCli: boolean) => Promise<{ issues: Issue[]; errors: unknown[] }>;
const electronVersion = (require('electron/package.json') as { version: string }).version;

/** Findings accepted after review, each with the reason. */
const ACCEPTED: { id: string; file: string; reason: string }[] = [
  {
    id: 'PRELOAD_JS_CHECK',
    file: 'electron/main.ts',
    reason:
      'The preload is how the contract reaches the page: it runs sandboxed with context isolation and exposes exactly window.layerscope (request, on, mode), validating every name and parameter.',
  },
  {
    id: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'electron/main.ts',
    reason:
      'openExternal is only reached from the window-open handler (which always denies the window) and only for https URLs on the RFC Editor, IETF Datatracker and IANA, where field explanations link to their RFCs.',
  },
];

/** The Electron shell and the page it loads (whose meta CSP the scanner evaluates). */
async function scan(patchMain?: (source: string) => string): Promise<{ issues: Issue[]; errors: unknown[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'layerscope-electronegativity-'));
  try {
    cpSync(resolve('electron'), join(dir, 'electron'), { recursive: true });
    cpSync(resolve('renderer', 'index.html'), join(dir, 'index.html'));
    if (patchMain) {
      const main = join(dir, 'electron', 'main.ts');
      writeFileSync(main, patchMain(readFileSync(main, 'utf8')));
    }
    return await run(
      {
        input: dir,
        isRelative: true,
        isVerbose: false,
        electronVersionOverride: electronVersion,
        // This one downloads Electron's release list: there is no network in the test run.
        excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
        parserPlugins: [],
      },
      false,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const serious = (issues: Issue[]) => issues.filter((i) => i.severity.name === 'HIGH' || i.severity.name === 'MEDIUM');

test('electronegativity finds no HIGH or MEDIUM problem in the Electron shell beyond the reviewed ones', async () => {
  const { issues, errors } = await scan();
  assert.deepEqual(errors, [], 'every file parsed');
  const unexplained = serious(issues).filter((i) => !ACCEPTED.some((a) => a.id === i.id && a.file === i.file));
  assert.deepEqual(
    unexplained.map((i) => `${i.id} ${i.severity.name} ${i.file}:${i.location.line} ${i.description}`),
    [],
  );
  // The page's CSP was found and evaluated (no "no CSP" finding).
  assert.ok(!issues.some((i) => i.id === 'CSP_GLOBAL_CHECK' && i.file === 'N/A'), 'a Content-Security-Policy is detected');
});

test('the scan would catch the window losing its sandbox or context isolation', async () => {
  const { issues } = await scan((source) =>
    source.replace('contextIsolation: true', 'contextIsolation: false').replace('sandbox: true', 'sandbox: false').replace('app.enableSandbox();', ''),
  );
  const ids = new Set(serious(issues).map((i) => i.id));
  for (const id of ['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK']) {
    assert.ok(ids.has(id), `${id} is reported for the weakened window (got ${[...ids].join(', ')})`);
  }
});
