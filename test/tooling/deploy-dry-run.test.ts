import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { offlineEnv, ROOT } from '../../scripts/lib/wrangler.ts';

describe('wrangler deploy --dry-run', () => {
  it('bundles the Worker with the production config, well under the size limit', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'dry-run-'));
    try {
      const result = spawnSync(`${ROOT}node_modules/.bin/wrangler`, ['deploy', '--dry-run', '--outdir', outdir], { cwd: ROOT, env: offlineEnv, encoding: 'utf8' });
      expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
      expect(result.stdout).toMatch(/HIT_QUEUE/);
      expect(result.stdout).toMatch(/env\.DB/);
      const bundle = readdirSync(outdir).find((file) => file.endsWith('.js'))!;
      const gzipped = gzipSync(readFileSync(join(outdir, bundle))).length;
      // Workers Free allows 3 MB gzipped.
      expect(gzipped).toBeLessThan(1_000_000);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 120_000);
});
