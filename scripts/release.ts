// npm run release -- <version> [--skip-tests]
// Prepares a release and publishes nothing: runs the tests (unless --skip-tests, for a rehearsal
// or when CI has just run them on this commit), sets <version> in package.json and
// package-lock.json (WXT writes it into both manifests), turns CHANGELOG.md's Unreleased section
// into <version>'s, builds the Chrome, Firefox and sources zips, checks the version inside each
// manifest, and prints their SHA-256 checksums (also written to SHA256SUMS next to them).
// Committing, tagging and uploading to the stores stay with the person releasing.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildEnv, offlineEnv, ROOT } from './lib/wrangler.ts';

const BIN = join(ROOT, 'node_modules/.bin');
const OUT = join(ROOT, process.env.WXT_OUT_DIR ?? '.output');
/** Browsers take 1 to 4 dot-separated integers; we release X.Y.Z. */
const VERSION = /^(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})$/;

function fail(message: string): never {
  console.error(`release: ${message}`);
  process.exit(1);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): void {
  const result = spawnSync(join(BIN, command), args, { cwd: ROOT, env, stdio: 'inherit' });
  if (result.status !== 0) fail(`${command} ${args.join(' ')} failed (exit ${result.status})`);
}

function isNewer(next: string, current: string): boolean {
  const [a, b] = [next, current].map((version) => version.split('.').map(Number));
  for (let i = 0; i < 3; i++) if (a![i]! !== b![i]!) return a![i]! > b![i]!;
  return false;
}

function readJson(file: string): Record<string, unknown> & { version: string } {
  return JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as Record<string, unknown> & { version: string };
}

/** npm's own layout: two spaces, a final newline. */
function writeJson(file: string, value: unknown): void {
  writeFileSync(join(ROOT, file), `${JSON.stringify(value, null, 2)}\n`);
}

/** Keep a Changelog: what was Unreleased becomes the version's section, under a new empty Unreleased. */
export function releaseChangelog(changelog: string, version: string, date: string): string {
  const heading = '## [Unreleased]';
  if (!changelog.includes(heading)) throw new Error(`CHANGELOG.md has no "${heading}" section`);
  if (changelog.includes(`## [${version}]`)) throw new Error(`CHANGELOG.md already has a section for ${version}`);
  return changelog.replace(heading, `${heading}\n\n## [${version}] - ${date}`);
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  const version = args.find((arg) => !arg.startsWith('--'));
  const skipTests = args.includes('--skip-tests');
  const unknown = args.filter((arg) => arg.startsWith('--') && arg !== '--skip-tests');
  if (unknown.length > 0) fail(`unknown option ${unknown.join(' ')}`);
  if (!version || !VERSION.test(version)) fail('usage: npm run release -- <X.Y.Z> [--skip-tests]');

  const pkg = readJson('package.json');
  if (!isNewer(version, pkg.version)) fail(`${version} is not newer than the current ${pkg.version}`);
  const changelog = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8');
  let released: string;
  try {
    released = releaseChangelog(changelog, version, new Date().toISOString().slice(0, 10));
  } catch (err) {
    fail((err as Error).message);
  }

  if (skipTests) {
    console.log('release: tests skipped (--skip-tests)');
  } else {
    run('npm', ['run', 'typecheck'], offlineEnv);
    run('vitest', ['run'], offlineEnv);
  }

  writeJson('package.json', { ...pkg, version });
  const lock = readJson('package-lock.json') as ReturnType<typeof readJson> & { packages: Record<string, { version?: string }> };
  writeJson('package-lock.json', { ...lock, version, packages: { ...lock.packages, '': { ...lock.packages['']!, version } } });
  writeFileSync(join(ROOT, 'CHANGELOG.md'), released);

  run('wxt', ['zip'], buildEnv);
  run('wxt', ['zip', '-b', 'firefox'], buildEnv);
  for (const build of ['chrome-mv3', 'firefox-mv2']) {
    const manifest = JSON.parse(readFileSync(join(OUT, build, 'manifest.json'), 'utf8')) as { version: string };
    if (manifest.version !== version) fail(`${build}/manifest.json says ${manifest.version}, not ${version}`);
  }

  const name = pkg.name as string;
  const zips = ['chrome', 'firefox', 'sources'].map((kind) => `${name}-${version}-${kind}.zip`);
  const sums = zips.map((zip) => `${sha256(join(OUT, zip))}  ${zip}`);
  writeFileSync(join(OUT, 'SHA256SUMS'), `${sums.join('\n')}\n`);
  console.log(`\nRelease ${version} is ready in ${OUT} (nothing was published). SHA-256:\n${sums.join('\n')}`);
  console.log(`\nNext: review the diff, commit "Release ${version}", tag v${version}, then upload the zips (docs/store/README.md).`);
}
