import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

/** Firefox add-on id; the E2E tests use it to pin the extension's moz-extension:// UUID. */
export const GECKO_ID = 'smartlinks-tracker@smartlinks.invalid';

export default defineConfig({
  srcDir: 'extension',
  publicDir: 'extension/public',
  // The packaging test builds elsewhere so that it never races the E2E run reading .output/.
  outDir: process.env.WXT_OUT_DIR ?? '.output',
  // i18n: extension/locales/<lang>.yml → _locales/ and a typed `i18n.t` (#i18n).
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/i18n/module'],
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    default_locale: 'en',
    name: 'Smart Links & Tracking',
    description:
      'Know when your emails are opened or clicked, told honestly, and honour what recipients want with Smart Links in Gmail and Outlook.',
    // No host permissions: the extension talks to the sender's own Worker over CORS, and the
    // content scripts' matches are the only sites it touches.
    permissions: ['storage', 'alarms', 'notifications'],
    ...(browser === 'firefox' && {
      browser_specific_settings: {
        gecko: {
          id: GECKO_ID,
          // data_collection_permissions needs Firefox 140 (142 on Android).
          strict_min_version: '140.0',
          // Subjects, recipients and links of tracked messages go to the Worker the user configures.
          data_collection_permissions: { required: ['personalCommunications'] },
        },
        gecko_android: { strict_min_version: '142.0' },
      },
    }),
  }),
});
