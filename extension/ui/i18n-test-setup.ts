// Unit tests run with WXT's fake browser, which has no i18n.getMessage: answer from en.yml the
// way browsers answer from _locales/en/messages.json, so components render their English words.
import { generateChromeMessages, parseMessagesFile } from '@wxt-dev/i18n/build';
import { join } from 'node:path';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { fillPlaceholders } from '../../shared/tracking/event-words.ts';

const english = generateChromeMessages(await parseMessagesFile(join(process.cwd(), 'extension/locales/en.yml')));

function install() {
  fakeBrowser.i18n.getMessage = ((name: string, substitutions?: string | string[]) => {
    const message = english[name]?.message;
    if (message === undefined) return '';
    return fillPlaceholders(message, substitutions === undefined ? [] : ([] as string[]).concat(substitutions));
  }) as typeof fakeBrowser.i18n.getMessage;
  fakeBrowser.i18n.getUILanguage = () => 'en';
}
install();
beforeEach(install);
