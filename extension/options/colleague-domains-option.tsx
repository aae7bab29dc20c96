import { useEffect, useState } from 'preact/hooks';
import { parseDomainList } from '../colleagues/colleague-domains.ts';
import type { Settings } from '../storage.ts';
import { t } from '../ui/i18n.ts';

/**
 * The domains never tracked: mail only to them (colleagues) goes out untracked. Starts as the
 * sender's own domain once connected (colleagues/settle-default.ts); saved when the box is left.
 */
export function ColleagueDomainsOption({ settings, change }: { settings: Settings; change: (change: (current: Settings) => Settings) => Promise<void> }) {
  const stored = settings.neverTrackDomains;
  const [text, setText] = useState((stored ?? []).join('\n'));
  const [rejected, setRejected] = useState<string[]>([]);
  useEffect(() => setText((stored ?? []).join('\n')), [(stored ?? []).join()]);

  function save(typed: string) {
    const parsed = parseDomainList(typed);
    setRejected(parsed.rejected);
    void change((current) => ({ ...current, neverTrackDomains: parsed.domains }));
  }

  return (
    <section aria-labelledby="colleagues">
      <h2 id="colleagues">{t('colleagues.title')}</h2>
      <p>{t('colleagues.explain')}</p>
      <label for="never-track-domains">{t('colleagues.label')}</label>
      <textarea id="never-track-domains" rows={3} placeholder={stored === null ? t('colleagues.notYet') : 'example.com'} value={text}
        onInput={(e) => setText(e.currentTarget.value)} onBlur={(e) => save(e.currentTarget.value)} />
      {rejected.length > 0 && <p class="status error" role="alert">{t('colleagues.rejected', [rejected.join(', ')])}</p>}
    </section>
  );
}
