/**
 * How long after its send time a registered message may still change: Gmail's longest Undo Send
 * delay (Outlook's is 10 s). Until then the mail may not have left; after it, the recipients hold
 * its links, and a change would hand their pages and opt-outs to somebody else. The Worker refuses
 * a change after it; the extension sends a compose again under a new id instead.
 */
export const UNDO_WINDOW_MS = 30_000;
