import { useState } from 'preact/hooks';
import type { MailMergeOptOut, OptOutEnforcement, OrgSettings } from '../../shared/schemas/org-settings.ts';
import { workerClient, type WorkerConnection } from '../api/worker-client.ts';
import { accountItem } from '../storage.ts';
import { errorText } from '../ui/connection.ts';
import { t } from '../ui/i18n.ts';

const ENFORCEMENT: { value: OptOutEnforcement; words: () => string }[] = [
  { value: 'warn', words: () => t('enforcement.orgSettings.warn') },
  { value: 'block', words: () => t('enforcement.orgSettings.block') },
];
const MAIL_MERGE: { value: MailMergeOptOut; words: () => string }[] = [
  { value: 'append', words: () => t('enforcement.orgSettings.append') },
  { value: 'hold', words: () => t('enforcement.orgSettings.hold') },
];

type Outcome = { kind: 'idle' } | { kind: 'saved' } | { kind: 'error'; message: string };

/**
 * The organisation's rules every sender's compose follows (admins only): lawful basis, opted-out
 * recipients at Send, a mail merge without an Unsubscribe link. Each change is saved at once
 * (`PUT /api/settings`), then the account is read again so this browser's composes follow too.
 */
export function OrgRules({ worker, settings }: { worker: WorkerConnection; settings: OrgSettings }) {
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  async function change(update: Partial<OrgSettings>) {
    try {
      await workerClient.updateSettings(worker, update);
      await accountItem.setValue(await workerClient.me(worker));
      setOutcome({ kind: 'saved' });
    } catch (err) {
      setOutcome({ kind: 'error', message: t('enforcement.orgSettings.notSaved', [errorText(err)]) });
    }
  }
  return (
    <section aria-labelledby="org-rules">
      <h2 id="org-rules">{t('enforcement.orgSettings.title')}</h2>
      <p class="muted">{t('enforcement.orgSettings.intro')}</p>
      <label class="inline">
        <input type="checkbox" role="switch" checked={settings.requireLawfulBasis}
          onChange={(e) => void change({ requireLawfulBasis: e.currentTarget.checked })} />{' '}
        {t('enforcement.orgSettings.requireLawfulBasis')}
      </label>
      <fieldset>
        <legend>{t('enforcement.orgSettings.optOutEnforcement')}</legend>
        {ENFORCEMENT.map(({ value, words }) => (
          <label class="inline" key={value}>
            <input type="radio" name="opt-out-enforcement" value={value} checked={settings.optOutEnforcement === value}
              onChange={() => void change({ optOutEnforcement: value })} />{' '}
            {words()}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('enforcement.orgSettings.mailMergeOptOut')}</legend>
        {MAIL_MERGE.map(({ value, words }) => (
          <label class="inline" key={value}>
            <input type="radio" name="mail-merge-opt-out" value={value} checked={settings.mailMergeOptOut === value}
              onChange={() => void change({ mailMergeOptOut: value })} />{' '}
            {words()}
          </label>
        ))}
      </fieldset>
      <div aria-live="polite">
        {outcome.kind === 'saved' && <p class="status ok" role="status">{t('enforcement.orgSettings.saved')}</p>}
        {outcome.kind === 'error' && <p class="status error" role="alert">{outcome.message}</p>}
      </div>
    </section>
  );
}
