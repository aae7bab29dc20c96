import { decodeBase64url, decodeUtf8, encodeBase64url, utf8Scratch } from '../crypto/base64url.ts';
import { MAC_LENGTH, constantTimeEqual, mac, type LinkKey } from '../crypto/mac.ts';
import { MESSAGE_ID_PATTERN } from './message-id.ts';
import { trimSlash } from './urls.ts';

/**
 * A tracked link: `/c/<message id>/<link index>/<signature>/<destination, base64url>`.
 * The extension rewrites links synchronously at send, before it can reach the Worker, so the
 * destination travels in the URL and the sender's key signs (message id, index, destination).
 * The Worker redirects only when the signature verifies: never an open redirect, and the link
 * keeps working without the registration and after the account is gone (keys are kept).
 */
export interface TrackedLink {
  messageId: string;
  linkIndex: number;
  signature: string;
  destination: string;
}

const MAX_LINK_INDEX = 9999;

/**
 * C0, DEL and C1 control characters: browsers drop or escape them in a link, so the destination
 * a recipient reaches would not be the one signed, and they cannot go into a Location header.
 */
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/** A link the extension tracks, and the registration accepts: http(s), no control characters. */
export function isTrackableDestination(url: string): boolean {
  if (CONTROL_CHARACTER.test(url)) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}

function signedText(messageId: string, linkIndex: number, destination: string): string {
  return `click:${messageId}:${linkIndex}:${destination}`;
}

export function trackedLinkUrl(
  workerUrl: string,
  key: LinkKey,
  messageId: string,
  linkIndex: number,
  destination: string,
): string {
  const signature = mac(key.secret, signedText(messageId, linkIndex, destination));
  return `${trimSlash(workerUrl)}/c/${messageId}/${linkIndex}/${signature}/${encodeBase64url(utf8Scratch(destination))}`;
}

/** Parses the part after `/c/`; null when any piece is malformed. Does not verify. */
export function parseTrackedLinkPath(rest: string): TrackedLink | null {
  const parts = rest.split('/');
  if (parts.length !== 4) return null;
  const [messageId, index, signature, encoded] = parts as [string, string, string, string];
  if (!MESSAGE_ID_PATTERN.test(messageId)) return null;
  if (!/^(0|[1-9][0-9]{0,3})$/.test(index)) return null;
  const linkIndex = Number(index);
  if (linkIndex > MAX_LINK_INDEX) return null;
  if (signature.length !== MAC_LENGTH || !MESSAGE_ID_PATTERN.test(signature)) return null;
  const bytes = decodeBase64url(encoded);
  const destination = bytes && decodeUtf8(bytes);
  if (!destination || !isTrackableDestination(destination)) return null;
  return { messageId, linkIndex, signature, destination };
}

export function verifyTrackedLink(link: TrackedLink, key: LinkKey): boolean {
  const expected = mac(key.secret, signedText(link.messageId, link.linkIndex, link.destination));
  return constantTimeEqual(link.signature, expected);
}
