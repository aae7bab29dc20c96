import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRIVACY_MD } from '../../scripts/privacy-policy.ts';
import { privacyMarkdown, privacyPolicy } from '../../worker/privacy/policy.ts';

describe('PRIVACY.md', () => {
  it('is the policy the Worker serves at /privacy (else run: node scripts/privacy-policy.ts)', () => {
    expect(readFileSync(PRIVACY_MD, 'utf8')).toBe(privacyMarkdown(privacyPolicy('en', null)));
  });
});
