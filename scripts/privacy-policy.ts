// node scripts/privacy-policy.ts: writes PRIVACY.md from the policy the Worker serves at /privacy
// (worker/privacy/), so the repository's copy and the deployed page say the same.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { privacyMarkdown, privacyPolicy } from '../worker/privacy/policy.ts';
import { ROOT } from './lib/wrangler.ts';

export const PRIVACY_MD = join(ROOT, 'PRIVACY.md');

if (import.meta.main) {
  writeFileSync(PRIVACY_MD, privacyMarkdown(privacyPolicy('en', null)));
  console.log('PRIVACY.md written');
}
