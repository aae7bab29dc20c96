import { useState } from 'preact/hooks';
import { SMART_LINK_ACTIONS, type SmartLinkAction } from '../../shared/consent/smart-link-url.ts';
import { genericSmartLinkUrl, smartLinkLabel } from '../compose/smart-link-insert.ts';
import { t } from '../ui/i18n.ts';

const ACTIONS = Object.keys(SMART_LINK_ACTIONS) as SmartLinkAction[];

/**
 * The five Smart Links without a message, for an email signature: they work in mail sent without
 * the extension (a phone, tracking off), where the page asks for the recipient's address.
 */
export function SignatureLinks({ workerUrl }: { workerUrl: string }) {
  const [copied, setCopied] = useState<{ action: SmartLinkAction; ok: boolean } | null>(null);
  async function copy(action: SmartLinkAction) {
    try {
      await navigator.clipboard.writeText(genericSmartLinkUrl(workerUrl, action));
      setCopied({ action, ok: true });
    } catch {
      setCopied({ action, ok: false });
    }
  }
  return (
    <section aria-labelledby="signature-links">
      <h2 id="signature-links">{t('enforcement.signatureLinks.title')}</h2>
      <p>{t('enforcement.signatureLinks.intro')}</p>
      <table class="grid">
        <tbody>
          {ACTIONS.map((action) => (
            <tr key={action}>
              <th scope="row">{smartLinkLabel(action)}</th>
              <td><code>{genericSmartLinkUrl(workerUrl, action)}</code></td>
              <td>
                <button type="button" class="secondary small" aria-label={`${t('enforcement.signatureLinks.copy')}: ${smartLinkLabel(action)}`} onClick={() => void copy(action)}>
                  {copied?.action === action && copied.ok ? t('enforcement.signatureLinks.copied') : t('enforcement.signatureLinks.copy')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p role="status" class="muted">{copied && !copied.ok ? t('enforcement.signatureLinks.copyFailed') : ''}</p>
      <p>{t('enforcement.signatureLinks.gmail')}</p>
      <p>{t('enforcement.signatureLinks.outlook')}</p>
    </section>
  );
}
