import { t } from '../ui/i18n.ts';

/**
 * The privacy policy of the Worker this extension talks to: it is that deployment's policy (its
 * organisation, its retention), served at /privacy. Nothing to link to before one is saved.
 */
export function PrivacyLink({ workerUrl }: { workerUrl: string | undefined }) {
  if (!workerUrl) return null;
  return (
    <a href={`${workerUrl}/privacy`} target="_blank" rel="noreferrer">
      {t('privacy.policy')}
    </a>
  );
}
