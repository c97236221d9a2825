// Everything that does work must run under plain Node (tests, CLI, browser mode), so only the
// Electron shell may import `electron`, and the renderer may not reach into Node-only code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|svelte)$/.test(name) ? [path] : [];
  });
}

const importsOf = (path: string) =>
  [...readFileSync(path, 'utf8').matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => m[1] ?? m[2] ?? m[3],
  );

test('only electron/main.ts and electron/preload.ts import electron', () => {
  const offenders = sources('electron')
    .filter((p) => !/^electron\/(main|preload)\.ts$/.test(p))
    .filter((p) => importsOf(p).some((m) => m === 'electron' || m.startsWith('electron/')));
  assert.deepEqual(offenders, []);
});

test('the dissection engine is pure: no Node or Electron modules', () => {
  const offenders = sources('electron/dissect').filter((p) => importsOf(p).some((m) => m.startsWith('node:') || m === 'electron' || m === 'fs'));
  assert.deepEqual(offenders, []);
});

test('the renderer imports only types from the backend, never its Node code', () => {
  const offenders = sources('renderer').flatMap((p) => {
    const text = readFileSync(p, 'utf8');
    return [...text.matchAll(/import\s+(type\s+)?[^;]*?from\s*['"]([^'"]*electron\/[^'"]+)['"]/g)]
      .filter((m) => !m[1] && !/electron\/(dissect|service\/contract)/.test(m[2]))
      .map((m) => `${p}: ${m[2]}`);
  });
  assert.deepEqual(offenders, []);
});
