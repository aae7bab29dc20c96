import { useEffect, useState } from 'preact/hooks';
import type { SuppressionOwner, SuppressionRow } from '../../shared/schemas/suppressions.ts';
import { DO_NOT_CONTACT_LEVELS, SCOPE_KINDS, type DoNotContact, type ScopeKind } from '../../shared/consent/values.ts';
import { workerClient, type ImportReport, type WorkerConnection } from '../api/worker-client.ts';
import { errorText, useConnection } from '../ui/connection.ts';
import { lawfulBasisInWords, t, tKey, uiLanguage } from '../ui/i18n.ts';
import { NotConfigured } from '../ui/not-configured.tsx';
import { LawfulBasisForm } from './lawful-basis-form.tsx';
import { OutcomeText, useOutcome } from './form-outcome.tsx';
import { ownerChoices, ownerInWords } from './owner.ts';

const ownerKey = (owner: SuppressionOwner) => `${owner.kind}:${owner.id}`;

type List = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; rows: SuppressionRow[] };

/** Saves text as a file the way a download link does, without a round trip through a server URL. */
function download(text: string, filename: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The suppression list: search it, change one contact by hand, import and export CSV. */
export function OptOuts() {
  const connection = useConnection();
  if (connection.kind === 'loading') return <main class="page" aria-busy="true"><p>{t('optOuts.loading')}</p></main>;
  if (connection.kind === 'not-configured') return <NotConfigured />;
  return <OptOutList worker={connection.settings} me={connection.account.email} admin={connection.account.role === 'admin'} />;
}

function OptOutList({ worker, me, admin }: { worker: WorkerConnection; me: string; admin: boolean }) {
  const [query, setQuery] = useState('');
  const [owner, setOwner] = useState('');
  // Every owner shown so far, once each, so that filtering by one keeps the others to choose.
  const [owners, setOwners] = useState<SuppressionOwner[]>([]);
  const [list, setList] = useState<List>({ kind: 'loading' });
  const [reload, setReload] = useState(0);
  const [exportError, setExportError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    workerClient
      .suppressions(worker, { q: query.trim(), owner })
      .then(({ suppressions }) => {
        if (!current) return;
        setList({ kind: 'ready', rows: suppressions });
        setOwners((before) => {
          const known = new Map(before.map((seen) => [ownerKey(seen), seen]));
          for (const row of suppressions) known.set(ownerKey(row.owner), row.owner);
          return [...known.values()];
        });
      })
      .catch((err: unknown) => current && setList({ kind: 'error', message: errorText(err) }));
    // A later keystroke's answer wins even when an earlier one arrives last.
    return () => {
      current = false;
    };
  }, [query, owner, reload]);

  async function exportCsv() {
    setExportError(null);
    try {
      download(await workerClient.exportSuppressions(worker, owner), 'suppression-list.csv');
    } catch (err) {
      setExportError(errorText(err));
    }
  }

  const language = uiLanguage();
  return (
    <main class="page wide">
      <h1>{t('optOuts.title')}</h1>
      <p class="muted">{t('optOuts.intro')}</p>
      <div class="toolbar">
        <label class="inline grow">
          <span class="visually-hidden">{t('optOuts.search')}</span>
          <input type="search" placeholder={t('optOuts.search')} aria-label={t('optOuts.search')} value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
        </label>
        <span>
          <label class="inline" for="owner-filter">{t('owner.filter')}</label>{' '}
          <select id="owner-filter" value={owner} onChange={(e) => setOwner(e.currentTarget.value)}>
            {ownerChoices(owners, me).map((choice) => <option key={choice.value} value={choice.value}>{choice.words}</option>)}
          </select>
        </span>
        <button type="button" class="secondary" onClick={() => void exportCsv()}>{t('optOuts.export')}</button>
      </div>
      {exportError && <p class="status error" role="alert">{exportError}</p>}
      {list.kind === 'loading' && <p aria-busy="true">{t('optOuts.loading')}</p>}
      {list.kind === 'error' && <p class="status error" role="alert">{list.message}</p>}
      {list.kind === 'ready' && (
        <>
          <p class="muted" aria-live="polite">{t('optOuts.count', list.rows.length, [list.rows.length])}</p>
          {list.rows.length === 0 ? (
            <p>{t('optOuts.empty')}</p>
          ) : (
            <table class="grid">
              <thead>
                <tr>
                  <th scope="col">{t('optOuts.address')}</th>
                  <th scope="col">{t('optOuts.doNotContact')}</th>
                  <th scope="col">{t('optOuts.consent')}</th>
                  <th scope="col">{t('optOuts.tracking')}</th>
                  <th scope="col">{t('lawfulBasis.column')}</th>
                  <th scope="col">{t('owner.column')}</th>
                  <th scope="col">{t('optOuts.changed')}</th>
                </tr>
              </thead>
              <tbody>
                {list.rows.map((row) => (
                  <tr key={`${row.email}|${row.scope}|${row.scopeId}`}>
                    <td><bdi>{row.email}</bdi></td>
                    <td>{tKey(`contact.doNotContact.${row.doNotContact}`)}</td>
                    <td>{tKey(`contact.consent.${row.consent}`)}</td>
                    <td>{tKey(`contact.tracking.${row.tracking}`)}</td>
                    <td>{lawfulBasisInWords(row.lawfulBasis)}</td>
                    <td><bdi>{ownerInWords(row.owner, me)}</bdi></td>
                    <td>{new Date(row.updatedAt).toLocaleString(language, { dateStyle: 'medium', timeStyle: 'short' })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      <div class="columns">
        <ManualChange worker={worker} onChanged={() => setReload(reload + 1)} />
        <LawfulBasisForm worker={worker} admin={admin} onRecorded={() => setReload(reload + 1)} />
        <CsvImport worker={worker} onImported={() => setReload(reload + 1)} />
      </div>
    </main>
  );
}

function ManualChange({ worker, onChanged }: { worker: WorkerConnection; onChanged: () => void }) {
  const [email, setEmail] = useState('');
  const [level, setLevel] = useState<DoNotContact>('no_email');
  const [scope, setScope] = useState<ScopeKind>('organisation');
  const [note, setNote] = useState('');
  const [outcome, run] = useOutcome();

  function submit(event: Event) {
    event.preventDefault();
    void run(async () => {
      const applied = await workerClient.changeContact(worker, { email: email.trim(), doNotContact: level, scope, ...(note.trim() ? { note: note.trim() } : {}) });
      onChanged();
      return t('optOuts.change.done', [applied.email, tKey(`contact.doNotContact.${applied.after.doNotContact}`), tKey(`contact.scope.${applied.scope.kind}`)]);
    });
  }

  return (
    <form class="card" onSubmit={submit}>
      <h2>{t('optOuts.change.title')}</h2>
      <label for="change-email">{t('optOuts.change.email')}</label>
      <input id="change-email" type="email" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
      <label for="change-level">{t('optOuts.doNotContact')}</label>
      <select id="change-level" value={level} onChange={(e) => setLevel(e.currentTarget.value as DoNotContact)}>
        {DO_NOT_CONTACT_LEVELS.map((value) => <option key={value} value={value}>{tKey(`contact.doNotContact.${value}`)}</option>)}
      </select>
      <label for="change-scope">{t('optOuts.scope')}</label>
      <select id="change-scope" value={scope} onChange={(e) => setScope(e.currentTarget.value as ScopeKind)}>
        {SCOPE_KINDS.map((value) => <option key={value} value={value}>{tKey(`contact.scope.${value}`)}</option>)}
      </select>
      <label for="change-note">{t('optOuts.change.note')}</label>
      <textarea id="change-note" rows={3} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      <p><button type="submit" disabled={outcome.kind === 'busy'}>{t('optOuts.change.submit')}</button></p>
      <OutcomeText outcome={outcome} />
    </form>
  );
}

function CsvImport({ worker, onImported }: { worker: WorkerConnection; onImported: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [outcome, run] = useOutcome();

  function submit(event: Event) {
    event.preventDefault();
    if (!file) return;
    setReport(null);
    // The report says what the import did (below), so the outcome has no words of its own.
    void run(async () => {
      setReport(await workerClient.importSuppressions(worker, await file.text()));
      onImported();
      return null;
    });
  }

  return (
    <form class="card" onSubmit={submit}>
      <h2>{t('optOuts.import.title')}</h2>
      <p class="muted">{t('optOuts.import.help')}</p>
      <label for="import-file">{t('optOuts.import.file')}</label>
      <input id="import-file" type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
      <p><button type="submit" disabled={!file || outcome.kind === 'busy'}>{t('optOuts.import.submit')}</button></p>
      <OutcomeText outcome={outcome}>
        {report && (
          <div role="status">
            <p class={report.rejected.length > 0 ? 'status error' : 'status ok'}>
              {t('optOuts.import.done', [report.imported, report.unchanged, report.rejected.length])}
            </p>
            {report.rejected.length > 0 && (
              <table class="grid">
                <caption>{t('optOuts.import.rejected')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('optOuts.import.line')}</th>
                    <th scope="col">{t('optOuts.import.field')}</th>
                    <th scope="col">{t('optOuts.import.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.rejected.map((row) => (
                    <tr key={`${row.line}-${row.field ?? ''}`}>
                      <td>{row.line}</td>
                      <td>{row.field ?? '—'}</td>
                      <td>{row.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        )}
      </OutcomeText>
    </form>
  );
}
