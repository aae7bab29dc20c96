import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_SETTINGS, settingsItem } from '../storage.ts';
import { Options } from './options.tsx';

async function privacyLinks(): Promise<HTMLAnchorElement[]> {
  const root = document.createElement('div');
  document.body.append(root);
  await act(() => render(<Options />, root));
  await vi.waitFor(() => expect(root.textContent).toContain('Tracking defaults'));
  return [...root.querySelectorAll('a')].filter((link) => link.textContent === 'Privacy policy');
}

describe('the options page links to the privacy policy', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => document.body.replaceChildren());

  it('of the saved Worker, in a new tab', async () => {
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, workerUrl: 'https://tracker.example', apiToken: 'slt_x' });
    const [link, ...more] = await privacyLinks();
    expect(more).toEqual([]);
    expect(link?.href).toBe('https://tracker.example/privacy');
    expect(link?.target).toBe('_blank');
  });

  it('not before a Worker is saved', async () => {
    expect(await privacyLinks()).toEqual([]);
  });
});
