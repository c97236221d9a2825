// `npm test`: checks the system packages, then runs every test file under test/ with Node's
// test runner (TypeScript through tsx): unit, oracle and e2e together, then the README's commands.
// Pass file paths to run only those.
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
// Tests run in English whatever the machine's locale (the CLI follows LC_ALL, LC_MESSAGES and
// LANG, Chromium its LANG); the language tests set their own.
function englishEnvironment() {
  const env = { ...process.env, LAYERSCOPE_TEST: '1', LANG: 'C.UTF-8' };
  delete env.LC_ALL;
  delete env.LC_MESSAGES;
  delete env.LANGUAGE;
  return env;
}

function runTests(files, concurrency) {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=spec', `--test-concurrency=${concurrency}`, ...files],
    { stdio: 'inherit', env: englishEnvironment() },
  );
  return run.status ?? 1;
}

if (args.length) process.exit(runTests(args, 2));
// Then the README's own commands, run as written in a fresh copy: last and alone, because they
// install the project again and run the benchmark, which must not share the machine with tests.
const suite = runTests(['unit', 'oracle', 'e2e'].flatMap((d) => findTests(join('test', d))), 2);
if (suite !== 0) process.exit(suite);
process.exit(runTests(findTests(join('test', 'readme')), 1));
