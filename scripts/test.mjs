// `npm test`: checks the system packages, then runs every test file under test/ with Node's
// test runner (TypeScript through tsx). Pass file paths to run only those.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const deps = spawnSync('bash', ['scripts/system-deps.sh'], { stdio: 'inherit' });
if (deps.status !== 0) process.exit(deps.status ?? 1);

function findTests(dir) {
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...findTests(path));
    else if (name.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

const args = process.argv.slice(2);
// The whole suite starts with the type-check gate (Node side, then the Svelte renderer).
if (args.length === 0) {
  for (const [what, cmd] of [
    ['TypeScript', ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json']],
    ['Svelte', ['node_modules/svelte-check/bin/svelte-check', '--tsconfig', 'renderer/tsconfig.json', '--fail-on-warnings']],
  ]) {
    const check = spawnSync(process.execPath, cmd, { stdio: 'inherit' });
    if (check.status !== 0) {
      console.error(`${what} type check failed`);
      process.exit(check.status ?? 1);
    }
  }
}
const files = args.length ? args : ['unit', 'oracle', 'e2e'].flatMap((d) => findTests(join('test', d)));
const run = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files],
  { stdio: 'inherit', env: { ...process.env, LAYERSCOPE_TEST: '1' } },
);
process.exit(run.status ?? 1);
