import type { E2EBrowser, E2EPage } from '../support/browsers.ts';
import { selectText } from '../support/select-text.ts';
import { until } from '../support/wait.ts';

export interface MailDraft {
  to: string[];
  subject: string;
  body: string;
  link?: { text: string; href: string };
}

/** The behaving Gmail fixture on https://mail.google.com, one mailbox per test. */
export class GmailPage {
  private constructor(
    readonly page: E2EPage,
    readonly mailbox: string,
  ) {}

  /**
   * `variant`: `classic` recipients (the pre-PeopleKit field), `thread` (a conversation to reply
   * to inline), `popout` (the compose window Gmail opens with `?view=cm`). `quotedPixel`: the
   * thread's message quotes an earlier message of ours, whose pixel Gmail shows behind its proxy.
   * `renamed-send`: a build whose Send button our selectors do not know.
   */
  static async open(browser: E2EBrowser, mailbox: string, variant: 'mole' | 'classic' | 'thread' | 'popout' | 'renamed-send' = 'mole', options: { quotedPixel?: string } = {}): Promise<GmailPage> {
    const query = { mole: '', classic: '&recipients=classic', thread: '', popout: '&view=cm&fs=1', 'renamed-send': '&send=renamed' }[variant] + (options.quotedPixel ? `&quoted=${encodeURIComponent(options.quotedPixel)}` : '');
    const hash = variant === 'thread' ? '#thread-1' : '#inbox';
    const page = await browser.newPage(`https://mail.google.com/mail/u/0/?mbx=${mailbox}${query}${hash}`);
    return new GmailPage(page, mailbox);
  }

  /** Opens a new compose the way a person does; the compose appears after our script started. */
  async compose(mail: MailDraft): Promise<string> {
    const before = await this.page.evaluate(() => document.querySelectorAll('[role=dialog]').length, null);
    await this.page.click('#compose-button');
    const n = await until(
      () => this.page.evaluate((count) => document.querySelectorAll('[role=dialog]').length > count && document.querySelectorAll('[role=dialog]').length, before),
      'a new compose',
    );
    const dialog = `[role=dialog]:nth-child(${n})`;
    await this.fill(dialog, mail);
    await this.ready(dialog);
    return dialog;
  }

  /** Reply in the thread: the compose opens inline under the message, quoting it. */
  async replyInline(body: string): Promise<string> {
    await this.page.click('#reply-button');
    const compose = '.inline-reply[data-fixture-compose]';
    await until(() => this.page.evaluate((s) => document.querySelector(s) !== null, compose), 'the inline reply');
    await this.page.type(`${compose} [g_editable=true]`, body);
    return compose;
  }

  /** Forward in the thread: the compose opens inline under the message, which it quotes; Gmail leaves To empty. */
  async forwardInline(to: string, body: string): Promise<string> {
    await this.page.click('#forward-button');
    const compose = '.inline-reply[data-fixture-compose]';
    await until(() => this.page.evaluate((s) => document.querySelector(s) !== null, compose), 'the inline forward');
    await this.addRecipient(compose, to);
    await this.page.type(`${compose} [g_editable=true]`, body);
    await this.ready(compose);
    return compose;
  }

  /** The mole's full-screen control: the same compose moves to an overlay; returns its selector there. */
  async fullScreen(dialog: string): Promise<string> {
    const n = await this.page.evaluate((s) => document.querySelector(s)!.getAttribute('data-fixture-compose'), dialog);
    await this.page.click(`${dialog} td.Hm button`);
    const compose = `.aSt > [role=dialog][data-fixture-compose="${n}"]`;
    await until(() => this.page.evaluate((s) => document.querySelector(s) !== null, compose), 'the full-screen compose');
    await this.ready(compose);
    return compose;
  }

  /** The pop-out window's compose, there from the start. */
  async popout(mail: MailDraft): Promise<string> {
    const compose = '[role=main][data-fixture-compose]';
    await until(() => this.page.evaluate((s) => document.querySelector(s) !== null, compose), 'the pop-out compose');
    await this.fill(compose, mail);
    return compose;
  }

  private async fill(dialog: string, mail: MailDraft): Promise<void> {
    for (const address of mail.to) {
      await this.page.type(`${dialog} [aria-label="To recipients"]`, address);
      await this.page.press(['Enter']);
    }
    await this.page.type(`${dialog} input[name=subjectbox]`, mail.subject);
    await this.page.type(`${dialog} [g_editable=true]`, mail.body);
    if (mail.link) {
      // What Gmail's "Insert link" leaves in the body: an anchor around the text.
      await this.page.evaluate(({ selector, text, href }) => {
        const a = document.createElement('a');
        a.setAttribute('href', href);
        a.textContent = text;
        document.querySelector(`${selector} [g_editable=true]`)!.append(' ', a);
      }, { selector: dialog, ...mail.link });
    }
  }

  /**
   * Waits for our toolbar in the compose, as a person sees the compose settle before pressing
   * Send: the toolbar's cell joins Gmail's bottom row a moment after the compose appears, and a
   * click aimed at Send while the row reflows can land beside it.
   */
  private async ready(compose: string): Promise<void> {
    await this.toolbarText(compose);
  }

  private toolbar(compose: string): string {
    return `${compose} [data-smartlinks-toolbar]`;
  }

  /** Waits for our toolbar in this compose and returns what it says. */
  async toolbarText(compose: string, expected?: string): Promise<string> {
    let said: string | null = null;
    return until(
      async () => {
        said = await this.page.evaluate((host) => document.querySelector(host)?.shadowRoot?.lastElementChild?.textContent ?? null, this.toolbar(compose));
        return said !== null && (!expected || said.includes(expected)) && said;
      },
      () => `${expected ? `the toolbar to say "${expected}"` : 'our toolbar'} (it said: ${JSON.stringify(said)})`,
    );
  }

  /** Selects `text` in the body the way a drag would leave it, then picks a Smart Link from our menu. */
  async smartLinkOnSelection(compose: string, text: string, itemIndex: number): Promise<void> {
    await this.page.click(`${compose} [g_editable=true]`);
    await selectText(this.page, `${compose} [g_editable=true]`, text);
    await this.pickSmartLink(compose, itemIndex);
  }

  /** Opens "Smart Links" and picks the item at this position (docs/contract.md order). */
  async pickSmartLink(compose: string, itemIndex: number): Promise<void> {
    await this.toolbarText(compose);
    await this.page.clickInShadow(this.toolbar(compose), 'button[aria-haspopup=menu]');
    await this.page.clickInShadow(this.toolbar(compose), `[role=menu] button[role=menuitem]:nth-child(${itemIndex + 1})`);
  }

  async toggleTracking(compose: string): Promise<void> {
    await this.toolbarText(compose);
    await this.page.clickInShadow(this.toolbar(compose), 'button[role=switch]');
  }

  /** Chooses "Remind me if not opened in N days" (a select in our toolbar's shadow root). */
  async remindIfNotOpened(compose: string, days: number): Promise<void> {
    await this.toolbarText(compose);
    // As a person would: once the choice can be made (it is off while the message is untracked).
    await until(
      () =>
        this.page.evaluate(({ host, days }) => {
          const select = document.querySelector(host)?.shadowRoot?.querySelector<HTMLSelectElement>('select[aria-label="Remind me if not opened"]');
          if (!select || select.disabled) return false;
          select.value = String(days);
          select.dispatchEvent(new Event('change', { bubbles: true }));
          return true;
        }, { host: this.toolbar(compose), days }),
      'the reminder choice',
    );
  }

  async toggleMailMerge(compose: string): Promise<void> {
    await this.toolbarText(compose);
    await this.page.clickInShadow(this.toolbar(compose), 'label.merge input');
  }

  async removeOptedOut(compose: string): Promise<void> {
    await this.page.clickInShadow(this.toolbar(compose), '.banner button');
  }

  /** The chips our warnings struck through, by address. */
  struckChips(compose: string): Promise<string[]> {
    return this.page.evaluate(
      (compose) =>
        [...document.querySelectorAll(`${compose} [data-smartlinks-opt-out]`)].map(
          (chip) => chip.getAttribute('data-hovercard-id') ?? chip.querySelector('input')?.value ?? '',
        ),
      compose,
    );
  }

  chipAddresses(compose: string): Promise<string[]> {
    return this.page.evaluate((compose) => [...document.querySelectorAll(`${compose} [data-hovercard-id]`)].map((chip) => chip.getAttribute('data-hovercard-id')!), compose);
  }

  /**
   * Waits until our toolbar has every recipient's opt-out state: a Send pressed while a check is
   * still running is held (a person sees the toolbar settle first).
   */
  async checked(compose: string): Promise<void> {
    // A page timer set now fires after our watcher's pending one (60 ms): a chip just added is then seen.
    await this.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 150)), null);
    await until(
      () => this.page.evaluate((host) => document.querySelector(host)?.shadowRoot?.querySelector('.toolbar')?.getAttribute('aria-busy') !== 'true', this.toolbar(compose)),
      'the opt-out checks',
    );
  }

  async clickSend(dialog: string): Promise<void> {
    await this.checked(dialog);
    await this.page.click(`${dialog} .IZ .btA div[role=button]:not(.Uo)`);
  }

  /** Where Send is on screen, as the pointer aims at it. */
  sendButtonBox(dialog: string): Promise<{ x: number; y: number; width: number; height: number }> {
    return this.page.evaluate((send) => {
      const { x, y, width, height } = document.querySelector(send)!.getBoundingClientRect();
      return { x, y, width, height };
    }, `${dialog} .IZ .btA div[role=button]:not(.Uo)`);
  }

  /** "Send + archive", which a reply shows beside Send when the setting is on. */
  async sendAndArchive(dialog: string): Promise<void> {
    await this.checked(dialog);
    await this.page.click(`${dialog} .IZ div[role=button].Uo`);
  }

  /**
   * Schedule send, as a person does it: the arrow beside Send, "Schedule send", then a preset by
   * its label or "Pick date & time" with a date and time typed in ("Dec 31, 2027", "9:00 AM").
   */
  async scheduleSend(dialog: string, choice: { preset: string } | { date: string; time: string }): Promise<void> {
    await this.checked(dialog);
    await this.page.click(`${dialog} .IZ div[role=button][aria-haspopup=true]`);
    await until(() => this.page.evaluate(() => document.querySelector('[role=menuitem][selector=scheduledSend]') !== null, null), 'the send options menu');
    await this.page.click('[role=menuitem][selector=scheduledSend]');
    await until(() => this.page.evaluate(() => document.querySelector('[role=dialog] [role=menuitem].Az') !== null, null), 'the schedule dialog');
    if ('preset' in choice) {
      const mark = await this.page.evaluate((label) => {
        const row = [...document.querySelectorAll('[role=dialog] [role=menuitem].Az')].find((item) => item.querySelector('.Aw')?.textContent === label);
        row?.setAttribute('data-e2e', 'preset');
        return Boolean(row);
      }, choice.preset);
      if (!mark) throw new Error(`No schedule preset "${choice.preset}"`);
      await this.page.click('[data-e2e=preset]');
      return;
    }
    await this.page.click('[role=dialog] [role=menuitem].Az.AM');
    await until(() => this.page.evaluate(() => document.querySelector('[role=dialog] input') !== null, null), 'the date and time picker');
    for (const [label, value] of [['Date', choice.date], ['Time', choice.time]] as const) {
      // Cleared first, as a person selects the suggested value and types over it.
      await this.page.evaluate((label) => void (document.querySelector<HTMLInputElement>(`[role=dialog] input[aria-label=${label}]`)!.value = ''), label);
      await this.page.type(`[role=dialog] input[aria-label=${label}]`, value);
    }
    await this.page.click('[role=dialog] [role=button][selector=scheduledSend]');
  }

  /** Ctrl+Enter with the caret in the body, as people send without the mouse. */
  async sendWithKeyboard(dialog: string): Promise<void> {
    await this.checked(dialog);
    await this.page.click(`${dialog} [g_editable=true]`);
    await this.page.press(['Control', 'Enter']);
  }

  /** Types into the To field without Enter: Gmail makes the chip only a moment after the field loses the focus. */
  async typeRecipient(dialog: string, text: string): Promise<void> {
    await this.page.type(`${dialog} [aria-label="To recipients"]`, text);
  }

  /** Ctrl+Enter with the caret still in the To field, right after typing there. */
  async sendFromRecipientField(dialog: string): Promise<void> {
    await this.page.evaluate((field) => document.querySelector<HTMLElement>(field)!.focus(), `${dialog} [aria-label="To recipients"]`);
    await this.page.press(['Control', 'Enter']);
  }

  async addRecipient(dialog: string, address: string): Promise<void> {
    await this.page.type(`${dialog} [aria-label="To recipients"]`, address);
    await this.page.press(['Enter']);
    let chips: string[] = [];
    await until(async () => (chips = await this.chipAddresses(dialog)).includes(address), () => `a chip for ${address} (chips: ${chips.join(', ')})`);
  }

  /** Gmail's "Please specify at least one recipient" dialog, dismissed. */
  async dismissErrorDialog(): Promise<void> {
    await until(() => this.page.evaluate(() => document.querySelector('[role=alertdialog]') !== null, null), 'the error dialog');
    await this.page.click('[role=alertdialog] button');
  }

  /** Undo in the "Message sent" snackbar re-opens the draft as it was sent; returns its selector. */
  async undoSend(): Promise<string> {
    await until(() => this.page.evaluate(() => document.querySelector('#link_undo') !== null, null), 'the Undo link');
    await this.page.click('#link_undo');
    const n = await until(() => this.page.evaluate(() => document.querySelectorAll('[role=dialog]').length, null), 'the re-opened draft');
    const dialog = `[role=dialog]:nth-child(${n})`;
    await this.ready(dialog);
    return dialog;
  }
}
