import { generateChromeMessages, parseMessagesFile } from '@wxt-dev/i18n/build';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { TrackingEvent } from '../../shared/schemas/events.ts';
import { fillPlaceholders } from '../../shared/tracking/event-words.ts';
import { eventInWords } from './i18n.ts';

function consentEvent(consent: TrackingEvent['consent'], reason = 'Unsubscribed (organisation-wide): doNotContact none → no_email'): TrackingEvent {
  return { id: 'c1', messageId: 'm1', kind: 'consent', class: 'human', reason, reliable: true, at: '2026-12-01T10:00:00.000Z', linkIndex: null, url: null, subject: 'Offer', to: ['ana@example.org'], consent };
}

async function speak(lang: string) {
  const messages = generateChromeMessages(await parseMessagesFile(join(process.cwd(), `extension/locales/${lang}.yml`)));
  fakeBrowser.i18n.getMessage = ((name: string, substitutions?: string | string[]) =>
    fillPlaceholders(messages[name]?.message ?? '', substitutions === undefined ? [] : ([] as string[]).concat(substitutions))) as typeof fakeBrowser.i18n.getMessage;
}

const unsubscribed = consentEvent({ action: 'unsubscribe', scope: 'organisation', changes: [{ field: 'doNotContact', from: 'none', to: 'no_email' }] });

describe('consent events in the sender\'s language', () => {
  it('says what the recipient did, where it applies and what it left, in English', () => {
    expect(eventInWords(unsubscribed)).toBe('Unsubscribed (organisation-wide): No email');
    expect(eventInWords(consentEvent({ action: 'stopTracking', scope: 'sender', changes: [{ field: 'tracking', from: 'allowed', to: 'refused' }] }))).toBe('Stopped tracking (for you only): Tracking refused');
    expect(eventInWords(consentEvent({
      action: 'preferences', scope: 'team',
      changes: [{ field: 'doNotContact', from: 'none', to: 'no_mass_email' }, { field: 'consent', from: 'unknown', to: 'granted' }],
    }))).toBe('Updated preferences (for your team): No mass email, Consent granted');
    // A change that changed nothing (the same choice made twice) and an action this build does not know.
    expect(eventInWords(consentEvent({ action: 'grantConsent', scope: 'organisation', changes: [] }))).toBe('Granted consent (organisation-wide)');
    expect(eventInWords(consentEvent({ action: 'somethingNew', scope: 'organisation', changes: [] }))).toBe('Changed their choices (organisation-wide)');
  });

  it('speaks German, French and Spanish', async () => {
    await speak('de');
    expect(eventInWords(unsubscribed)).toBe('Abgemeldet (für die ganze Organisation): Keine E-Mails');
    await speak('fr');
    expect(eventInWords(unsubscribed)).toBe('Désinscrit (pour toute l\'organisation) : Pas d\'e-mails');
    await speak('es');
    expect(eventInWords(unsubscribed)).toBe('Se dio de baja (para toda la organización): Sin correos');
  });

  it('shows an older Worker\'s consent event in its English words', () => {
    expect(eventInWords(consentEvent(undefined, 'Withdrew consent (for your team): consent granted → withdrawn'))).toBe('Withdrew consent (for your team): consent granted → withdrawn');
  });
});
