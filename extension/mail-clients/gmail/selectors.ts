/**
 * Gmail's landmarks, preferred first. Attributes before classes; aria labels are localized,
 * so none of these depends on English text. Sources: ../shared/research/webmail-dom.md §2.
 */
export const gmailSelectors = {
  /** The compose: 2026 region with a stable data-compose-id, then the classic `.M9` root. */
  composeRoot: ['div[role=region][data-compose-id]', 'div.M9'],
  body: [
    'div[contenteditable=true][role=textbox][g_editable=true]',
    '.Ap [g_editable=true]',
    'div.Am.editable[contenteditable=true]',
  ],
  subject: ['input[name=subjectbox]', 'input[name=subject]'],
  /** Send, and Send & archive (`.Uo`, replies only); not the "more send options" arrow. */
  sendControl: ['.IZ .Up div > div[role=button]:not([aria-haspopup=true])', 'div[role=button][data-tooltip-delay][data-tooltip^="Send"]'],
  /** PeopleKit chips (since 2021) carry the address in data-hovercard-id. */
  recipientChip: {
    to: ['.anm[name=to] [role=option][data-hovercard-id]', 'div.vR input[type=hidden][name=to]'],
    cc: ['.anm[name=cc] [role=option][data-hovercard-id]', 'div.vR input[type=hidden][name=cc]'],
    bcc: ['.anm[name=bcc] [role=option][data-hovercard-id]', 'div.vR input[type=hidden][name=bcc]'],
  },
} as const;
