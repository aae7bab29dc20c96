import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { accountItem, DEFAULT_SETTINGS, settingsItem } from '../storage.ts';
import { OptOuts } from './opt-outs.tsx';

interface Call { method: string; path: string; body: string }

/** A stand-in Worker answering the suppression routes (worker/routes/api/suppressions.ts). */
function worker(answers: Record<string, (call: Call) => Response>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    const parsed = new URL(url);
    const call = { method: init.method ?? 'GET', path: parsed.pathname + parsed.search, body: String(init.body ?? '') };
    calls.push(call);
    const answer = answers[`${call.method} ${parsed.pathname}`];
    return answer ? answer(call) : new Response(JSON.stringify({ error: { code: 'not_found', message: 'no route' } }), { status: 404 });
  });
  return calls;
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });
const rows = [
  { email: 'ana@example.org', doNotContact: 'no_email', consent: 'unknown', tracking: 'allowed', scope: 'organisation', scopeId: '', updatedAt: '2026-11-30T10:00:00.000Z', lawfulBasis: null, owner: { kind: 'organisation', id: '', label: 'Acme' } },
  { email: 'bo@example.org', doNotContact: 'none', consent: 'withdrawn', tracking: 'refused', scope: 'sender', scopeId: 'acc1', updatedAt: '2026-11-29T10:00:00.000Z', lawfulBasis: 'contract', owner: { kind: 'sender', id: 'acc1', label: 'me@example.com' } },
];
// An admin also sees other senders' and teams' opt-outs.
const othersRows = [
  { ...rows[0]!, email: 'cy@example.org', scope: 'sender', scopeId: 'acc2', owner: { kind: 'sender', id: 'acc2', label: 'zoe@example.com' } },
  { ...rows[0]!, email: 'di@example.org', scope: 'team', scopeId: 'team1', owner: { kind: 'team', id: 'team1', label: 'Sales' } },
  { ...rows[0]!, email: 'ed@example.org', scope: 'sender', scopeId: 'acc3', owner: { kind: 'sender', id: 'acc3', label: 'al@example.com' } },
];

async function show(role: 'admin' | 'sender' = 'sender'): Promise<HTMLElement> {
  await settingsItem.setValue({ ...DEFAULT_SETTINGS, workerUrl: 'https://t.example', apiToken: 'slt_x' });
  await accountItem.setValue({ email: 'me@example.com', role, linkKey: { id: 'k', secret: 's' } as never });
  const root = document.createElement('div');
  document.body.append(root);
  await act(() => render(<OptOuts />, root));
  await vi.waitFor(() => expect(root.textContent).toMatch(/\d+ contacts?/));
  return root;
}

function field(root: HTMLElement | Element, label: string): HTMLInputElement {
  const found = [...root.querySelectorAll('label')].find((node) => node.textContent?.trim() === label);
  if (!found?.control) throw new Error(`no field labelled "${label}"`);
  return found.control as HTMLInputElement;
}

async function type(input: HTMLInputElement | HTMLSelectElement, value: string) {
  await act(() => {
    input.value = value;
    input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
  });
}

describe('the opt-out list', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.replaceChildren();
  });

  it('lists opt-outs in words and searches through the Worker', async () => {
    const calls = worker({ 'GET /api/suppressions': (call) => json({ suppressions: call.path.includes('q=bo') ? rows.slice(1) : rows }) });
    const root = await show();
    const cells = [...root.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].slice(0, 6).map((td) => td.textContent));
    expect(cells).toEqual([
      ['ana@example.org', 'No email', 'Consent unknown', 'Tracking allowed', '—', 'Whole organisation'],
      ['bo@example.org', 'May be contacted', 'Consent withdrawn', 'Tracking refused', 'Contract', 'You (me@example.com)'],
    ]);
    await type(root.querySelector('input[type=search]')!, 'bo');
    await vi.waitFor(() => expect(root.textContent).toContain('1 contact'));
    expect(calls.at(-1)!.path).toBe('/api/suppressions?q=bo');
  });

  it('says whose each opt-out is, another sender\'s by address and never as "You"', async () => {
    worker({ 'GET /api/suppressions': () => json({ suppressions: [...rows, ...othersRows] }) });
    const root = await show('admin');
    const whose = Object.fromEntries([...root.querySelectorAll<HTMLTableRowElement>('tbody tr')].map((tr) => [tr.cells[0]!.textContent, tr.cells[5]!.textContent]));
    expect(whose).toEqual({
      'ana@example.org': 'Whole organisation',
      'bo@example.org': 'You (me@example.com)',
      'cy@example.org': 'zoe@example.com',
      'di@example.org': 'Team Sales',
      'ed@example.org': 'al@example.com',
    });
  });

  it('filters by owner through the Worker, keeping every owner seen to choose, and exports that owner\'s list', async () => {
    const calls = worker({
      'GET /api/suppressions': (call) => json({ suppressions: call.path.includes('owner=') ? othersRows.slice(0, 1) : [...rows, ...othersRows] }),
      'GET /api/suppressions/export': () => new Response('email\n'),
    });
    const root = await show('admin');
    const filter = field(root, 'Show the opt-outs of') as unknown as HTMLSelectElement;
    const choices = () => [...filter.options].map((o) => [o.value, o.textContent]);
    const all = [
      ['', 'Everyone you may see'], ['me', 'You'], ['organisation', 'Whole organisation'],
      ['team:team1', 'Team Sales'], ['account:acc3', 'al@example.com'], ['account:acc2', 'zoe@example.com'],
    ];
    expect(choices()).toEqual(all);
    await type(filter, 'account:acc2');
    await vi.waitFor(() => expect(root.textContent).toContain('1 contact'));
    expect(calls.at(-1)!.path).toBe('/api/suppressions?owner=account%3Aacc2');
    expect(choices()).toEqual(all);
    await act(() => [...root.querySelectorAll('button')].find((b) => b.textContent === 'Export CSV')!.click());
    await vi.waitFor(() => expect(calls.at(-1)!.path).toBe('/api/suppressions/export?owner=account%3Aacc2'));
  });

  it('reports every rejected row of an import by line, column and reason', async () => {
    const calls = worker({
      'GET /api/suppressions': () => json({ suppressions: rows }),
      'POST /api/suppressions/import': () =>
        json({ imported: 2, unchanged: 1, rejected: [{ line: 3, field: 'email', message: 'Not a valid email address.' }, { line: 5, field: 'doNotContact', message: 'doNotContact is none, no_mass_email, no_email or no_contact.' }] }),
    });
    const root = await show();
    const input = field(root, 'CSV file');
    const csv = 'email,doNotContact\nimp1@example.org,no_email\nbroken,no_email\n';
    Object.defineProperty(input, 'files', { value: [new File([csv], 'list.csv', { type: 'text/csv' })] });
    await act(() => void input.dispatchEvent(new Event('change', { bubbles: true })));
    await act(() => (input.form as HTMLFormElement).requestSubmit());
    await vi.waitFor(() => expect(root.textContent).toContain('Imported 2, unchanged 1, rejected 2.'));

    const rejected = [...root.querySelectorAll('caption')].find((c) => c.textContent === 'Rejected rows')!.closest('table')!;
    expect([...rejected.querySelectorAll('tbody tr')].map((tr) => tr.textContent)).toEqual([
      '3emailNot a valid email address.',
      '5doNotContactdoNotContact is none, no_mass_email, no_email or no_contact.',
    ]);
    expect(calls.find((c) => c.path === '/api/suppressions/import')!.body).toBe(csv);
  });

  it('shows the Worker\'s reason when an opt-in lacks its note', async () => {
    worker({
      'GET /api/suppressions': () => json({ suppressions: rows }),
      'POST /api/suppressions': () => json({ error: { code: 'note_required', message: 'Opting a contact back in needs a note recording the written consent you received.', field: 'note' } }, 400),
    });
    const root = await show();
    await type(field(root, 'Email address'), 'ana@example.org');
    await type(field(root, 'Do Not Contact') as never, 'none');
    await act(() => (field(root, 'Email address').form as HTMLFormElement).requestSubmit());
    await vi.waitFor(() => expect(root.querySelector('[role=alert]')?.textContent).toBe('Opting a contact back in needs a note recording the written consent you received.'));
  });

  describe('recording a lawful basis by hand', () => {
    const form = (root: HTMLElement) => [...root.querySelectorAll('form')].find((f) => f.querySelector('h2')?.textContent === 'Record a lawful basis')!;
    async function record(root: HTMLElement, basis: string, note: string) {
      const basisForm = form(root);
      await type(field(basisForm, 'Email address'), 'client@example.org');
      await type(field(basisForm, 'Lawful basis') as never, basis);
      await type(field(basisForm, 'Note of where it comes from (required)') as never, note);
      await act(() => basisForm.requestSubmit());
    }

    it('offers the six lawful bases, and the organisation first to admins only', async () => {
      worker({ 'GET /api/suppressions': () => json({ suppressions: rows }) });
      const root = await show('admin');
      expect([...field(form(root), 'Lawful basis').querySelectorAll('option')].map((o) => o.textContent)).toEqual([
        'Consent', 'Contract', 'Legal obligation', 'Vital interests', 'Public task', 'Legitimate interests',
      ]);
      expect(field(form(root), 'Scope').value).toBe('organisation');
      document.body.replaceChildren();
      expect(field(form(await show('sender')), 'Scope').value).toBe('sender');
    });

    it.each([
      ['legal_obligation', { email: 'client@example.org', lawfulBasis: 'legal_obligation', scope: 'sender', note: 'Tax law: invoices' }, 'Legal obligation'],
      // Consent is the contact's choice, recorded as granted; the Worker refuses it as a basis.
      ['consent', { email: 'client@example.org', consent: 'granted', scope: 'sender', note: 'Tax law: invoices' }, 'Consent'],
    ])('records %s with its note and without touching the opt-out', async (basis, body, words) => {
      const calls = worker({
        'GET /api/suppressions': () => json({ suppressions: rows }),
        'POST /api/suppressions': (call) => json({ email: 'client@example.org', scope: { kind: 'sender', id: 'acc1' }, after: { ...JSON.parse(call.body), doNotContact: 'none' } }, 201),
      });
      const root = await show();
      await record(root, basis, '  Tax law: invoices ');
      await vi.waitFor(() => expect(form(root).querySelector('[role=status]')?.textContent).toBe(`client@example.org: ${words} recorded (You only).`));
      const posted = calls.find((c) => c.method === 'POST')!;
      expect(JSON.parse(posted.body)).toEqual(body);
      // The list is read again after the change.
      expect(calls.filter((c) => c.method === 'GET')).toHaveLength(2);
    });

    it('shows the Worker\'s refusal in its words', async () => {
      worker({
        'GET /api/suppressions': () => json({ suppressions: rows }),
        'POST /api/suppressions': () => json({ error: { code: 'forbidden', message: 'Only an admin can record a lawful basis for the whole organisation.', field: 'scope' } }, 403),
      });
      const root = await show();
      await type(field(form(root), 'Scope') as never, 'organisation');
      await record(root, 'contract', 'Contract 12');
      await vi.waitFor(() => expect(form(root).querySelector('[role=alert]')?.textContent).toBe('Only an admin can record a lawful basis for the whole organisation.'));
    });
  });
});
