// Everything that does work must run under plain Node (tests, CLI, browser mode), so only the
// Electron shell may import `electron`, and the renderer may not reach into Node-only code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

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

/** Every runtime import of `path`, resolved to a source file (packages and `node:` left as named). */
function resolvedImports(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(/import\s+(type\s+)?[^;]*?from\s*['"]([^'"]+)['"]/g)]
    .filter((m) => !m[1])
    .map((m) => (m[2].startsWith('.') ? join(dirname(path), m[2]).replace(/\.js$/, '.ts') : m[2]));
}

test('the renderer runs no Node code: whatever it imports from the backend, however deep, imports no Node module', () => {
  const offenders: string[] = [];
  const seen = new Set<string>();
  const visit = (file: string, from: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const target of resolvedImports(file)) {
      if (target.startsWith('node:') || target === 'electron' || ['fs', 'path', 'child_process', 'os', 'net'].includes(target)) {
        offenders.push(`${from} → ${file}: ${target}`);
      } else if (target.startsWith('electron/')) {
        visit(target, from);
      }
    }
  };
  for (const file of sources('renderer')) {
    for (const target of resolvedImports(file)) if (target.startsWith('electron/')) visit(target, file);
  }
  assert.deepEqual(offenders, []);
});
