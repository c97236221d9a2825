// `npm run build` (also run after `npm install`): bundles the Node side with esbuild and the
// renderer with Vite into dist/. Native and Electron modules stay external.
// `node scripts/build.mjs shell` rebuilds only the Electron shell's bundles (main and preload), in
// well under a second: the shell test runs them, so it builds them from the current source first.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, mkdirSync, rmSync } from 'node:fs';

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  external: ['electron', 'cap', 'bufferutil', 'utf-8-validate'],
  logLevel: 'warning',
  // Modules find their own folder through import.meta.url under ESM and __filename in these CJS
  // bundles; the ESM branch is guarded, so esbuild's warning about it is noise.
  logOverride: { 'empty-import-meta': 'silent' },
};

const shell = [
  build({ ...node, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.cjs' }),
  // The preload runs sandboxed: a single self-contained file with only `electron` external.
  build({ ...node, platform: 'browser', entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.cjs' }),
];
if (process.argv[2] === 'shell') {
  await Promise.all(shell);
  process.exit(0);
}
await Promise.all([
  ...shell,
  build({ ...node, entryPoints: ['electron/cli/layerscope-cli.ts'], outfile: 'dist/cli/layerscope.cjs' }),
  // The worker threads of a parallel `layerscope list` (electron/cli/list-shares.ts) run this beside it.
  build({ ...node, entryPoints: ['electron/cli/list-share-worker.ts'], outfile: 'dist/cli/list-share-worker.cjs' }),
  build({ ...node, entryPoints: ['electron/capture/capture-helper.ts'], outfile: 'dist/capture/capture-helper.cjs' }),
]);
chmodSync('bin/layerscope.cjs', 0o755);
// The Socket Lab's Python side runs as its own process: it ships beside the bundles.
mkdirSync('dist/lab', { recursive: true });
copyFileSync('electron/lab/socket-calls.py', 'dist/lab/socket-calls.py');
// Translations are data the bundles read when a language is chosen (electron/text/translation-files.ts):
// dist/translations/<language>/*.json beside dist/cli/ and dist/electron/, packed with dist/**.
rmSync('dist/translations', { recursive: true, force: true });
cpSync('electron/text/translations', 'dist/translations', { recursive: true, filter: (p) => !p.endsWith('.md') });

const vite = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], {
  stdio: 'inherit',
});
if (vite.status !== 0) {
  console.error('Layerscope: building the renderer failed (see above).');
  process.exit(vite.status ?? 1);
}
