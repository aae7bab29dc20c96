import { t } from '../ui/i18n.ts';

/**
 * How recipient pages name the sender: the account's address, or an alias an admin added for it
 * (a registration's claimed `from` never reaches them). Shown once the Worker tells the aliases.
 */
export function SendingAddresses({ email, aliases }: { email: string; aliases: readonly string[] | undefined }) {
  if (aliases === undefined) return null;
  return (
    <section aria-labelledby="sending-addresses">
      <h2 id="sending-addresses">{t('enforcement.aliases.title')}</h2>
      {aliases.length === 0 ? (
        <p class="muted">{t('enforcement.aliases.none')}</p>
      ) : (
        <>
          <p>{t('enforcement.aliases.intro')}</p>
          <ul class="plain facts">
            {[email, ...aliases].map((address) => <li key={address}><bdi>{address}</bdi></li>)}
          </ul>
        </>
      )}
    </section>
  );
}
