import { recipientsOf, type RecipientChip, type Recipients, type TypedRecipient } from '../mail-clients/adapter.ts';

/** Who a message goes to, as far as the compose shows it at the moment Send is pressed. */
export interface RecipientsAtSend {
  /** Every address we can read: chips, and text typed but not yet a chip. */
  recipients: Recipients;
  /**
   * Some recipient shows no address we can read (a name Outlook resolved, a name typed that the
   * webmail has yet to resolve): the message is registered anyway, with what we have.
   */
  unread: boolean;
  /** Nothing at all in the recipient fields: the webmail refuses to send, so nothing is registered. */
  none: boolean;
}

export function recipientsAtSend(chips: readonly Pick<RecipientChip, 'field' | 'address'>[], typed: readonly TypedRecipient[]): RecipientsAtSend {
  return {
    recipients: recipientsOf(chips, typed),
    unread: chips.some((chip) => chip.address === null) || typed.some((text) => text.addresses.length === 0),
    none: chips.length === 0 && typed.length === 0,
  };
}

/** No address known yet: the registration's recipients are filled in once they become known. */
export function noneKnown(recipients: Recipients): boolean {
  return recipients.to.length + recipients.cc.length + recipients.bcc.length === 0;
}
