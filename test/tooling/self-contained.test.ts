import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);

/**
 * A reader has only the repository: comments and docs may cite its files, never notes kept beside
 * it or the tracker's issue numbers. (The patterns are assembled so this file does not match.)
 */
const OUTSIDE = [
  new RegExp(['CONTRACT', 'md'].join('\\.')),
  new RegExp(['shared', 'research'].join('/')),
  new RegExp(['\\.\\./shared', '[A-Z]+\\.md'].join('/')),
  new RegExp(['\\b[Ii]ssue', '#?\\d+'].join(' ')),
];

function trackedTextFiles(): string[] {
  const files = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
  return files.filter((file) => /\.(ts|tsx|js|mjs|md|yml|yaml|sql|toml|json|html|css|sh)$|^\.ci\//.test(file) && file !== 'package-lock.json');
}

describe('the repository explains itself', () => {
  it('cites no document outside it and no issue number', () => {
    const citations = trackedTextFiles().flatMap((file) =>
      readFileSync(new URL(file, root), 'utf8')
        .split('\n')
        .flatMap((line, index) => (OUTSIDE.some((pattern) => pattern.test(line)) ? [`${file}:${index + 1}: ${line.trim().slice(0, 120)}`] : [])),
    );
    expect(citations).toEqual([]);
  });
});
