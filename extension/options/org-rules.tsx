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

/** One rule with its values as radio buttons. */
function RuleChoice<Value extends string>(props: { name: string; legend: string; options: { value: Value; words: () => string }[]; current: Value; onPick: (value: Value) => void }) {
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      {props.options.map(({ value, words }) => (
        <label class="inline" key={value}>
          <input type="radio" name={props.name} value={value} checked={props.current === value} onChange={() => props.onPick(value)} />{' '}
          {words()}
        </label>
      ))}
    </fieldset>
  );
}

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
      <RuleChoice name="opt-out-enforcement" legend={t('enforcement.orgSettings.optOutEnforcement')} options={ENFORCEMENT}
        current={settings.optOutEnforcement} onPick={(optOutEnforcement) => void change({ optOutEnforcement })} />
      <RuleChoice name="mail-merge-opt-out" legend={t('enforcement.orgSettings.mailMergeOptOut')} options={MAIL_MERGE}
        current={settings.mailMergeOptOut} onPick={(mailMergeOptOut) => void change({ mailMergeOptOut })} />
      <div aria-live="polite">
        {outcome.kind === 'saved' && <p class="status ok" role="status">{t('enforcement.orgSettings.saved')}</p>}
        {outcome.kind === 'error' && <p class="status error" role="alert">{outcome.message}</p>}
      </div>
    </section>
  );
}
