import { constantTimeEqual, mac, MAC_LENGTH, type LinkKey } from '../crypto/mac.ts';
import { trimSlash } from '../tracking/urls.ts';

/** The five Smart Links (docs/contract.md), by the name the API uses and the slug in the URL. */
export const SMART_LINK_ACTIONS = {
  unsubscribe: 'unsubscribe',
  preferences: 'preferences',
  grantConsent: 'grant-consent',
  withdrawConsent: 'withdraw-consent',
  stopTracking: 'stop-tracking',
} as const;

export type SmartLinkAction = keyof typeof SMART_LINK_ACTIONS;

const ACTION_BY_SLUG = new Map(Object.entries(SMART_LINK_ACTIONS).map(([action, slug]) => [slug as string, action as SmartLinkAction]));

/** The Smart Link a URL's slug names, or null for any other path segment. */
export function smartLinkActionOfSlug(slug: string): SmartLinkAction | null {
  return ACTION_BY_SLUG.get(slug) ?? null;
}

/**
 * `/s/<slug>/<message id>/<signature>`: signed so that nobody can aim a page at a message that is
 * not theirs; the page itself (GET) never changes anything.
 */
export function smartLinkUrl(workerUrl: string, key: LinkKey, action: SmartLinkAction, messageId: string): string {
  const slug = SMART_LINK_ACTIONS[action];
  return `${trimSlash(workerUrl)}/s/${slug}/${messageId}/${mac(key.secret, `smart:${slug}:${messageId}`)}`;
}

export function smartLinkUrls(workerUrl: string, key: LinkKey, messageId: string): Record<SmartLinkAction, string> {
  const entries = (Object.keys(SMART_LINK_ACTIONS) as SmartLinkAction[]).map(
    (action) => [action, smartLinkUrl(workerUrl, key, action, messageId)] as const,
  );
  return Object.fromEntries(entries) as Record<SmartLinkAction, string>;
}

export function verifySmartLinkSignature(key: LinkKey, slug: string, messageId: string, signature: string): boolean {
  return signature.length === MAC_LENGTH && constantTimeEqual(signature, mac(key.secret, `smart:${slug}:${messageId}`));
}
