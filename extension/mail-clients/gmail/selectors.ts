/**
 * Gmail's landmarks, preferred first. Attributes before classes; aria labels are localized,
 * so none of these depends on English text. Sources: InboxSDK's and gmail.js's selector histories
 * (most unchanged since 2014) and Gmail's 2026 DOM.
 */
export const gmailSelectors = {
  /**
   * The compose: the 2026 region with a stable data-compose-id, then the classic `.M9` root.
   * New message moles, full screen, pop-out windows and inline replies all have one.
   */
  composeRoot: ['div[role=region][data-compose-id]', 'div.M9'],
  body: [
    'div[contenteditable=true][role=textbox][g_editable=true]',
    '.Ap [g_editable=true]',
    'div.Am.editable[contenteditable=true]',
  ],
  subject: ['input[name=subjectbox]', 'input[name=subject]'],
  /** Quoted history of replies and forwards: all of it inside `.gmail_quote`. */
  quotedHistory: { containers: ['.gmail_quote'], marker: null },
  /** Send, and Send & archive (`.Uo`, replies only); not the "more send options" arrow. */
  sendControl: ['.IZ .Up div > div[role=button]:not([aria-haspopup=true])', 'div[role=button].aoO:not([aria-haspopup=true])'],
  /** Ctrl+Enter (Cmd+Enter on a Mac) sends from anywhere in the compose. */
  sendShortcuts: [{ key: 'Enter', modifier: 'ctrl-or-meta' }],
  /**
   * Recipient chips per field: PeopleKit (since Oct 2021) carries the address in
   * data-hovercard-id; the classic field keeps "Name <email>" in a hidden input inside `.vR`.
   */
  recipientChip: {
    to: ['.anm[name=to] [role=option][data-hovercard-id]', 'div.vR:has(> input[type=hidden][name=to])'],
    cc: ['.anm[name=cc] [role=option][data-hovercard-id]', 'div.vR:has(> input[type=hidden][name=cc])'],
    bcc: ['.anm[name=bcc] [role=option][data-hovercard-id]', 'div.vR:has(> input[type=hidden][name=bcc])'],
  },
  /**
   * Where a recipient is typed before PeopleKit makes it a chip (on Enter, a comma, or a moment
   * after the field loses the focus): its combobox has no name, the classic field is a textarea.
   */
  recipientInput: {
    to: ['.anm[name=to] input[peoplekit-id]', '.anm[name=to] input[role=combobox]', 'textarea.vO[name=to]'],
    cc: ['.anm[name=cc] input[peoplekit-id]', '.anm[name=cc] input[role=combobox]', 'textarea.vO[name=cc]'],
    bcc: ['.anm[name=bcc] input[peoplekit-id]', '.anm[name=bcc] input[role=combobox]', 'textarea.vO[name=bcc]'],
  },
  /** Inside a chip: where its address is. */
  chipAddress: ['[data-hovercard-id]', 'input[type=hidden]'],
  /** Inside a chip: its own remove control (PeopleKit's `afX`, classic `vM`). */
  chipRemove: ['div.afX[role=button]', 'div.vM', '[role=button]'],
  /** The bottom toolbar row; our cell goes before the formatting toggle (`td.oc`), as InboxSDK's does. */
  toolbarRow: ['table.IZ[role=group] tr.btC', 'table.IZ tr.btC', '.IZ tr'],
  toolbarBefore: ['td.oc', 'td.a8X', 'td.gU.az5'],
  /**
   * The build: Gmail's page config (`GLOBALS`) and its resource URLs (`cbl=`) carry a label such as
   * `gmail_fe_261130.07_p1`.
   */
  build: { pattern: /\bgmail_fe_\d{6}\.\d{2}_p\d+\b/ },
  /**
   * The Sent list (§2, §7 item 6). Gmail keeps detached copies of lists outside div[role=main]:
   * only the main list is the one shown.
   */
  sentList: {
    row: 'div[role=main] tr.zA[role=row]',
    subject: 'span.bog',
    recipient: 'div.yW span[email]',
    /** The date cell: a short time as text, the full date and time in its title. */
    date: 'td.xW span[title]:not([data-smart-links-mark])',
  },
  /**
   * Schedule send. The arrow beside Send (`T-I hG`, aria-haspopup; aria-label "More send options"
   * is localized) sits in Send's own group `div.dC`; it opens a menu detached from the compose,
   * whose item `[selector=scheduledSend]` opens a detached dialog. There, each preset is a
   * `[role=menuitem].Az` showing its date and time ("Tomorrow morning · Dec 2, 8:00 AM", also
   * "Last scheduled time"); `.Az.AM` is "Pick date & time", which swaps in a date and a time input
   * and a confirm carrying `selector=scheduledSend` again. Sources: 2026 probe notes of two
   * schedule-send extensions (OutboxIQ, Fashionably Late) and InboxSDK.
   */
  scheduledSend: {
    menuControl: ['.IZ .dC div[role=button][aria-haspopup=true]', 'div[role=button].hG[aria-haspopup=true]'],
    preset: '[role=dialog] [role=menuitem].Az:not(.AM)',
    confirm: '[role=dialog] [role=button][selector=scheduledSend]',
    pickerInput: 'input',
  },
} as const;
