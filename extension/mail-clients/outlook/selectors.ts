/**
 * Outlook on the web's landmarks, preferred first. OWA is React + Fluent UI with hashed CSS-module
 * classes that change every few months, so nothing here uses a class that is not a public Fluent
 * name, and nothing depends on English text: roles, structure, ids, id prefixes and data-testid
 * first, a localized aria-label only as the last resort of a chain.
 * Sources: the OWA selectors of Briskine, Toggl and OutlookSendingSafety over 2021–2026, and OWA's
 * 2026 DOM.
 */
export const outlookSelectors = {
  /**
   * The element that holds one compose for its whole life: docked in the reading pane, the full
   * page form (`/mail/compose/<id>`, `/mail/deeplink/compose`), the pop-out window's React root.
   * `[role=main]` is last: it also holds the message list and read view, so the adapter only
   * accepts it when no more specific root sits between it and the body.
   */
  composeRoot: [
    '[id^=docking_InitVisiblePart_]',
    '[data-app-section=Form_Content]',
    '[data-app-section=ComposeForm]',
    '#_owa_projection_root',
    '[role=main]',
  ],
  /** roosterjs' editable div; its aria-label ("Message body", "…press Alt+F10 to exit") is localized. */
  body: [
    'div[role=textbox][contenteditable=true][aria-multiline=true]',
    '[id^=editorParent_] [contenteditable=true]',
    '[id^=docking_DockingTriggerPart_] [contenteditable=true][role=textbox]',
  ],
  /** 2025‑26: id `MSG_<draft id>_SUBJECT`; older builds: `subjectLine<n>`, "Add a subject", Fluent v8's field. */
  subject: [
    'input[id^=MSG_][id$=_SUBJECT]',
    'input[id^=subjectLine]',
    'input[aria-label="Add a subject"]',
    'input.ms-TextField-field',
    'input[aria-label=Subject]',
    'input:not([type]), input[type=text]',
  ],
  /**
   * Quoted history of replies and forwards: it follows the `#appendonsend` marker as siblings,
   * starting with the `#divRplyFwdMsg` header.
   */
  quotedHistory: { containers: ['#divRplyFwdMsg'], marker: '#appendonsend' },
  /** To, Cc and Bcc are contenteditable "wells": the editable textboxes that are not the multiline body. */
  recipientWell: ['[contenteditable=true][role=textbox]:not([aria-multiline=true])', 'div[contenteditable=true]:not([aria-multiline=true])'],
  /** The label a well is named by; its id says the field whatever the language. */
  wellLabelId: /recipient-well-label-(to|cc|bcc)\b/i,
  /** Last resort for a well without a label id: its aria-label, English or a few UI languages. */
  wellAriaLabel: {
    to: /^(to|an|à|a|para|aan|收件人|宛先)$/i,
    cc: /^(cc|抄送|副本)$/i,
    bcc: /^(bcc|密件抄送|密送)$/i,
  },
  /** A resolved recipient (persona) chip; the outermost one when they nest. */
  recipientChip: ['span[data-lpc-hover-target-id]', '.lpc-hoverTarget'],
  /** Inside (or right beside) a chip: its own remove control. */
  chipRemove: ['button', '[role=button]'],
  /** The suggestion list under a well: each option shows the person's name and address. */
  suggestion: ['[role=option]', '[role=listbox] li'],
  /**
   * Send: the Fluent split button's primary half (never its menu half, which opens "Schedule
   * send"), then older builds' `name=Send` button. The adapter accepts a control only if it is
   * the first of these in its compose, so a Reply split button in a read view is never "Send".
   */
  sendControl: [
    '[data-testid=ComposeSendButton] button[id$=__primaryActionButton]',
    '[data-testid=ComposeSendButton] button:not([aria-haspopup])',
    'button[id$=__primaryActionButton]',
    'button[name=Send]',
    'button.ms-Button--primary',
  ],
  /**
   * The build: OWA loads its scripts from a versioned folder (`…/owamail/<build>/scripts/…`, older
   * builds `/owa/prem/<version>/`); unverified against a live OWA of ours.
   */
  build: { pattern: /\/owa(?:mail|\/prem)\/(\d[\w.-]*)\// },
  /** Ctrl+Enter (Cmd+Enter on a Mac) and Alt+S send from anywhere in the compose (OWA's shortcuts). */
  sendShortcuts: [{ key: 'Enter', modifier: 'ctrl-or-meta' }, { code: 'KeyS', modifier: 'alt' }],
  /**
   * Schedule send: the Send split button's menu half opens a menu (outside the compose) whose
   * "Schedule send" opens a dialog: presets showing their date and time ("Tomorrow morning, Tue
   * 12/8/2026 8:00 AM"), the last item "Custom time", which shows a date and a time input and a
   * Send button that submits them. Modelled on Microsoft's description of the feature; the
   * dialog's DOM is not verified against a live OWA of ours.
   */
  scheduledSend: {
    menuControl: ['[data-testid=ComposeSendButton] button[aria-haspopup]', 'button.fui-SplitButton__menuButton'],
    preset: '[role=dialog] [role=listbox] [role=option]:not(:last-child)',
    confirm: '[role=dialog] form button[type=submit]',
    pickerInput: 'form input',
  },
  /** Our toolbar goes right after the Send wrapper, in the compose's own command row (as Toggl's). */
  toolbarAfter: ['[data-testid=ComposeSendButton]'],
  /** Without that wrapper: the Send control's own group (Fluent's public split-button class), else the control. */
  sendGroup: ['.fui-SplitButton'],
  /**
   * The message list (Sent Items at `/mail/sentitems`, `/mail/0/sentitems` on outlook.live.com):
   * rows are `div[role=option][data-convid]` in the pane `data-app-section=MessageList` (not
   * localized; the pane is also `[role=complementary][aria-label="Message list"]`). The search box's
   * suggestions are options too, outside that pane. Row texts have hashed classes only: a span's
   * `title` carries a person's address or the full date and time. Sources: 2025‑26 notes of
   * userstyle and scraper authors who read saved OWA pages (`data-convid` rows, data-app-section
   * values), not a live OWA of ours.
   */
  sentList: {
    folderPath: /^\/mail\/(?:\d+\/)?sentitems(?:\/|$)/i,
    row: ['[data-app-section=MessageList] div[role=option][data-convid]', '[role=complementary] [role=listbox] div[role=option][data-convid]'],
    titled: '[title]',
    text: 'span',
  },
} as const;
