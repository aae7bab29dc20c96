import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/wrangler.ts';

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { license: string; dependencies: Record<string, string> };
const notice = readFileSync(join(ROOT, 'NOTICE'), 'utf8');
// Bundled into the extension by the @wxt-dev/webextension-polyfill module, though a devDependency.
const BUNDLED_DEV_DEPENDENCIES = ['webextension-polyfill'];

function licenseOf(name: string): string {
  return (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { license: string }).license;
}

describe('licence and notice', () => {
  it('the code is Apache-2.0, in package.json and in LICENSE', () => {
    expect(manifest.license).toBe('Apache-2.0');
    const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
    expect(license).toContain('END OF TERMS AND CONDITIONS');
  });

  it.each([...Object.keys(manifest.dependencies), ...BUNDLED_DEV_DEPENDENCIES])('NOTICE names the bundled %s with its licence', (name) => {
    const line = notice.split('\n').find((text) => text.trimStart().startsWith(`${name} `));
    expect(line, `${name} is missing from NOTICE`).toBeDefined();
    expect(line).toContain(` ${licenseOf(name)} `);
  });
});
