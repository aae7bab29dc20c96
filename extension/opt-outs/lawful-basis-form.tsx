import { useState } from 'preact/hooks';
import { LAWFUL_BASES, SCOPE_KINDS, type LawfulBasis, type ScopeKind } from '../../shared/consent/values.ts';
import { workerClient, type ManualChange, type WorkerConnection } from '../api/worker-client.ts';
import { lawfulBasisInWords, t, tKey } from '../ui/i18n.ts';
import { OutcomeText, useOutcome } from './form-outcome.tsx';

/**
 * What `POST /api/suppressions` records for a basis chosen by hand. The Worker keeps consent as the
 * contact's choice (`consent: granted`), not as a basis; either way the opt-outs at that scope stay.
 */
export function lawfulBasisChange(email: string, basis: LawfulBasis, scope: ScopeKind, note: string): ManualChange {
  return basis === 'consent' ? { email, consent: 'granted', scope, note } : { email, lawfulBasis: basis, scope, note };
}

/**
 * Records a contact's lawful basis by hand, with the note saying where it comes from: where the
 * organisation requires one, a contact without it counts as Do Not Contact. Who may record it
 * where (a note always, admins organisation-wide) is the Worker's rule; its refusal is shown.
 */
export function LawfulBasisForm({ worker, admin, onRecorded }: { worker: WorkerConnection; admin: boolean; onRecorded: () => void }) {
  const [email, setEmail] = useState('');
  const [basis, setBasis] = useState<LawfulBasis>('contract');
  const [scope, setScope] = useState<ScopeKind>(admin ? 'organisation' : 'sender');
  const [note, setNote] = useState('');
  const [outcome, run] = useOutcome();

  function submit(event: Event) {
    event.preventDefault();
    void run(async () => {
      const recorded = await workerClient.changeContact(worker, lawfulBasisChange(email.trim(), basis, scope, note.trim()));
      onRecorded();
      return t('lawfulBasis.form.done', [recorded.email, lawfulBasisInWords(basis), tKey(`contact.scope.${recorded.scope.kind}`)]);
    });
  }

  return (
    <form class="card" onSubmit={submit}>
      <h2>{t('lawfulBasis.form.title')}</h2>
      <p class="muted">{t('lawfulBasis.form.intro')}</p>
      <label for="basis-email">{t('optOuts.change.email')}</label>
      <input id="basis-email" type="email" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
      <label for="basis-value">{t('lawfulBasis.form.basis')}</label>
      <select id="basis-value" value={basis} onChange={(e) => setBasis(e.currentTarget.value as LawfulBasis)}>
        {LAWFUL_BASES.map((value) => <option key={value} value={value}>{lawfulBasisInWords(value)}</option>)}
      </select>
      <label for="basis-scope">{t('optOuts.scope')}</label>
      <select id="basis-scope" value={scope} onChange={(e) => setScope(e.currentTarget.value as ScopeKind)}>
        {SCOPE_KINDS.map((value) => <option key={value} value={value}>{tKey(`contact.scope.${value}`)}</option>)}
      </select>
      <label for="basis-note">{t('lawfulBasis.form.note')}</label>
      <textarea id="basis-note" rows={3} required value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      <p><button type="submit" disabled={outcome.kind === 'busy'}>{t('lawfulBasis.form.submit')}</button></p>
      <OutcomeText outcome={outcome} />
    </form>
  );
}
