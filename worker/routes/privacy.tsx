/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import { readOrgSettings } from '../consent/org-settings.ts';
import type { AppEnv } from '../env.ts';
import { negotiateLocale } from '../i18n/negotiate.ts';
import { PrivacyPage } from '../pages/privacy-page.tsx';
import { PRIVACY_LOCALES, privacyPolicy } from '../privacy/policy.ts';

export const privacy = new Hono<AppEnv>();

/** The privacy policy the stores and the extension's options link to; public, in the reader's language. */
privacy.get('/', async (c) => {
  const locale = negotiateLocale(c.req.query('lang'), c.req.header('accept-language'), PRIVACY_LOCALES);
  const { organisationName } = await readOrgSettings(c.env.DB);
  return c.html(<PrivacyPage policy={privacyPolicy(locale, organisationName)} />, 200, {
    'content-language': locale,
    vary: 'accept-language',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  });
});
