import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseChangelog } from '../../scripts/release.ts';
import { buildEnv, ROOT } from '../../scripts/lib/wrangler.ts';

const NODE = join(ROOT, 'node_modules/.bin/node');

interface Manifest {
  description: string;
  permissions?: string[];
  host_permissions?: string[];
  optional_permissions?: string[];
  content_scripts?: { matches: string[] }[];
}

/** The repository as it stands (committed or not, minus what git ignores), in a fresh folder. */
function copyOfTree(): string {
  const copy = mkdtempSync(join(tmpdir(), 'release-'));
  const tracked = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  for (const file of tracked.split('\0').filter(Boolean)) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    // A file deleted but not yet committed is listed and absent: skip it.
    try {
      cpSync(join(ROOT, file), join(copy, file));
    } catch {}
  }
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  return copy;
}

function release(copy: string, args: string[]) {
  const { WXT_OUT_DIR: _ignored, ...env } = buildEnv;
  return spawnSync(NODE, ['scripts/release.ts', ...args], { cwd: copy, env, encoding: 'utf8' });
}

describe('npm run release -- 0.2.0 --skip-tests, on a copy of the tree', () => {
  let copy = '';
  let out = '';
  let result: ReturnType<typeof release>;
  beforeAll(() => {
    copy = copyOfTree();
    out = join(copy, '.output');
    result = release(copy, ['0.2.0', '--skip-tests']);
  }, 300_000);
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('succeeds, says it skipped the tests and published nothing, and leaves the repository alone', () => {
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('tests skipped');
    expect(result.stdout).toContain('nothing was published');
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version).toBe('0.1.0');
  });

  it('sets the version in package.json, package-lock.json and the changelog', () => {
    expect(JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8')).version).toBe('0.2.0');
    const lock = JSON.parse(readFileSync(join(copy, 'package-lock.json'), 'utf8'));
    expect([lock.version, lock.packages[''].version]).toEqual(['0.2.0', '0.2.0']);
    expect(readFileSync(join(copy, 'CHANGELOG.md'), 'utf8')).toMatch(/## \[Unreleased\]\n\n## \[0\.2\.0\] - \d{4}-\d{2}-\d{2}\n/);
  });

  it('builds the Chrome, Firefox and sources zips, each with that version', () => {
    for (const zip of ['chrome', 'firefox']) {
      const manifest = JSON.parse(execFileSync('unzip', ['-p', join(out, `smartlinks-tracker-0.2.0-${zip}.zip`), 'manifest.json'], { encoding: 'utf8' }));
      expect(manifest.version, zip).toBe('0.2.0');
    }
    const sourcesPackage = JSON.parse(execFileSync('unzip', ['-p', join(out, 'smartlinks-tracker-0.2.0-sources.zip'), 'package.json'], { encoding: 'utf8' }));
    expect(sourcesPackage.version).toBe('0.2.0');
  });

  it('prints the SHA-256 of each zip and writes them to SHA256SUMS', () => {
    for (const kind of ['chrome', 'firefox', 'sources']) {
      const zip = `smartlinks-tracker-0.2.0-${kind}.zip`;
      const sum = createHash('sha256').update(readFileSync(join(out, zip))).digest('hex');
      expect(result.stdout).toContain(`${sum}  ${zip}`);
      expect(readFileSync(join(out, 'SHA256SUMS'), 'utf8')).toContain(`${sum}  ${zip}`);
    }
  });

  it('built manifests whose every permission and site the store listing justifies, and whose summary it quotes', () => {
    const listing = readFileSync(join(ROOT, 'docs/store/README.md'), 'utf8');
    const chrome = readFileSync(join(ROOT, 'docs/store/chrome-web-store.md'), 'utf8');
    for (const build of ['chrome-mv3', 'firefox-mv2']) {
      const manifest = JSON.parse(readFileSync(join(out, build, 'manifest.json'), 'utf8')) as Manifest;
      const asked = [
        ...(manifest.permissions ?? []),
        ...(manifest.host_permissions ?? []),
        ...(manifest.optional_permissions ?? []),
        ...(manifest.content_scripts ?? []).flatMap((script) => script.matches),
      ];
      expect(asked.length, build).toBeGreaterThan(0);
      for (const item of asked) expect(listing, `${build}: ${item} has no justification in docs/store/README.md`).toContain(`| \`${item}\` |`);
      expect(chrome, build).toContain(`> ${manifest.description}`);
      expect(manifest.description.length, 'the Chrome Web Store summary takes 132 characters').toBeLessThanOrEqual(132);
    }
  });
});

describe('npm run release', () => {
  it.each([
    [['0.2'], 'usage'],
    [['0.1.0', '--skip-tests'], 'not newer than the current 0.1.0'],
    [['0.0.9', '--skip-tests'], 'not newer'],
    [['0.2.0', '--publish'], 'unknown option --publish'],
  ])('refuses %j before changing anything', (args, message) => {
    const result = spawnSync(NODE, ['scripts/release.ts', ...args], { cwd: ROOT, env: buildEnv, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(message);
  });

  it('turns the Unreleased section into the version, keeping an empty Unreleased above it', () => {
    const changelog = '# Changelog\n\n## [Unreleased]\n\n### Added\n\n- Reminders.\n\n## [0.1.0] - 2026-12-07\n';
    expect(releaseChangelog(changelog, '0.2.0', '2027-01-15')).toBe(
      '# Changelog\n\n## [Unreleased]\n\n## [0.2.0] - 2027-01-15\n\n### Added\n\n- Reminders.\n\n## [0.1.0] - 2026-12-07\n',
    );
    expect(() => releaseChangelog(changelog, '0.1.0', '2027-01-15')).toThrow('already has a section for 0.1.0');
  });
});
