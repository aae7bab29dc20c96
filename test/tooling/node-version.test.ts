import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, root), 'utf8');

describe('the Node version a developer needs', () => {
  it('is the same in the README and in package.json engines', () => {
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    const minimum = /^>=(\d+)$/.exec(engines)?.[1];
    expect(minimum, `engines.node is "${engines}"`).toBeDefined();
    expect(read('README.md')).toContain(`Needs Node.js ${minimum} or newer`);
  });

  it('is older than the Node the project brings for its scripts', () => {
    const pkg = JSON.parse(read('package.json')) as { engines: { node: string }; devDependencies: Record<string, string> };
    expect(Number(pkg.devDependencies.node!.split('.')[0])).toBeGreaterThanOrEqual(Number(pkg.engines.node.slice(2)));
  });
});
