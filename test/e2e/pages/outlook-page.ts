import type { E2EBrowser, E2EPage } from '../support/browsers.ts';
import { selectText } from '../support/select-text.ts';
import { until } from '../support/wait.ts';

export interface OutlookOptions {
  host?: 'outlook.office.com' | 'outlook.live.com' | 'outlook.office365.com' | 'outlook.cloud.microsoft';
  lang?: 'en' | 'de' | 'zh';
  /**
   * Where New mail opens: docked in the reading pane, as a full page, or in an about:blank pop-out
   * document: in a frame (`popout`) or in a window of its own (`window`), as OWA does.
   */
  view?: 'docked' | 'fullpage' | 'popout' | 'window';
  /** `older`: "Add a subject", "Message body, press Alt+F10 to exit", a `name=Send` button. */
  build?: 'current' | 'older';
  /** A draft is open from the start, its recipient shown by name only (see `draft()`). */
  draft?: boolean;
}

const well = (field: 'to' | 'cc' | 'bcc') => `[role=textbox][aria-labelledby=recipient-well-label-${field}]`;
const BODY = '[role=textbox][aria-multiline=true]';
// Scoped to its row: our toolbar (open shadow root, which Playwright's CSS pierces) has inputs too.
const SUBJECT = '[data-fixture=subject] input';
const SEND = ':is([data-testid=ComposeSendButton] button[id$=__primaryActionButton], button[name=Send])';

/** Where a compose lives: its page, the about:blank frame it is in (if any), its selector there. */
interface Where {
  page: E2EPage;
  frame: string | null;
  scope: string;
}

/**
 * The behaving Outlook fixture, one mailbox per test; the same public methods as GmailPage so that
 * scenarios can run on both. A compose is named by a selector in the page; a pop-out compose in a
 * window by `window:<name>` (driven through that window's page); one in an about:blank frame by the
 * frame, which selectors cannot enter, so there it clicks at coordinates and types into the focus,
 * as a person would.
 */
export class OutlookPage {
  /** Pop-out windows by compose handle. */
  private readonly windows = new Map<string, E2EPage>();

  private constructor(
    readonly page: E2EPage,
    readonly mailbox: string,
    private readonly view: NonNullable<OutlookOptions['view']>,
  ) {}

  static async open(browser: E2EBrowser, mailbox: string, options: OutlookOptions = {}): Promise<OutlookPage> {
    const { host = 'outlook.office.com', lang = 'en', view = 'docked', build = 'current', draft = false } = options;
    const page = await browser.newPage(`https://${host}/mail/0/?mbx=${encodeURIComponent(mailbox)}&lang=${lang}&view=${view}&build=${build}${draft ? '&draft=1' : ''}`);
    return new OutlookPage(page, mailbox, view);
  }

  /** Opens New mail (or Reply in the reading pane); the compose appears after our script started. */
  async compose(mail: { to: string[]; subject: string; body: string; link?: { text: string; href: string }; reply?: boolean }): Promise<string> {
    const opensWindow = this.view === 'window' && !mail.reply;
    const compose = await this.opened(() => this.page.click(mail.reply ? '#ItemReadingPane [id$=__primaryActionButton]' : '#newMailButton'), opensWindow);
    for (const address of mail.to) await this.addRecipient(compose, address);
    await this.typeInto(compose, SUBJECT, mail.subject);
    await this.clickIn(compose, BODY);
    const { page, frame, scope } = this.at(compose);
    // The caret at the start of the first paragraph, above the signature, as OWA places it.
    await page.evaluate(({ frame, scope }) => {
      const doc = frame ? document.querySelector<HTMLIFrameElement>(frame)!.contentDocument! : document;
      doc.getSelection()!.collapse(doc.querySelector(`${scope} [aria-multiline=true] .elementToProof`)!, 0);
    }, { frame, scope });
    await page.typeText(mail.body);
    if (mail.link) {
      // What OWA's "Insert link" leaves in the body: an anchor around the text.
      await page.evaluate(({ frame, scope, text, href }) => {
        const doc = frame ? document.querySelector<HTMLIFrameElement>(frame)!.contentDocument! : document;
        const a = doc.createElement('a');
        a.setAttribute('href', href);
        a.setAttribute('data-auth', 'NotApplicable');
        a.setAttribute('data-linkindex', '1');
        a.textContent = text;
        doc.querySelector(`${scope} [aria-multiline=true] .elementToProof`)!.append(' ', a);
      }, { frame, scope, ...mail.link });
    }
    return compose;
  }

  /** The draft opened with the page (`draft: true`). */
  async draft(): Promise<string> {
    return until(async () => (await this.handles())[0], 'the draft');
  }

  /** Waits for our toolbar in this compose (also in a pop-out) and returns what it says. */
  async toolbarText(compose: string, expected?: string): Promise<string> {
    const { page, frame, scope } = this.at(compose);
    let said: string | null = null;
    return until(
      async () => {
        said = await page.evaluate(({ frame, scope }) => {
          const doc = frame ? document.querySelector<HTMLIFrameElement>(frame)?.contentDocument : document;
          return doc?.querySelector(`${scope} [data-smartlinks-toolbar]`)?.shadowRoot?.lastElementChild?.textContent ?? null;
        }, { frame, scope });
        return said !== null && (!expected || said.includes(expected)) && said;
      },
      () => `${expected ? `the toolbar to say "${expected}"` : 'our toolbar'} (it said: ${JSON.stringify(said)})`,
    );
  }

  /** Selects `text` in the body the way a drag would leave it, then picks a Smart Link from our menu. Not in frames. */
  async smartLinkOnSelection(compose: string, text: string, itemIndex: number): Promise<void> {
    await this.clickIn(compose, BODY);
    const { page, scope } = this.at(compose);
    await selectText(page, `${scope} [aria-multiline=true]`, text);
    await this.pickSmartLink(compose, itemIndex);
  }

  /**
   * Opens "Smart Links" and picks the item at this position (docs/contract.md order) with the keyboard,
   * the way a keyboard user does (the Gmail scenarios pick with the mouse). Not in frames.
   */
  async pickSmartLink(compose: string, itemIndex: number): Promise<void> {
    await this.toolbarText(compose);
    const { page, scope } = this.at(compose);
    const toolbar = `${scope} [data-smartlinks-toolbar]`;
    await page.clickInShadow(toolbar, 'button[aria-haspopup=menu]');
    await until(
      () => page.evaluate((host) => document.querySelector(host)?.shadowRoot?.activeElement?.getAttribute('role') === 'menuitem', toolbar),
      'the Smart Links menu to take the focus',
    );
    for (let i = 0; i < itemIndex; i++) await page.press(['ArrowDown']);
    await page.press(['Enter']);
  }

  async toggleTracking(compose: string): Promise<void> {
    await this.toolbarText(compose);
    const { page, scope } = this.at(compose);
    await page.clickInShadow(`${scope} [data-smartlinks-toolbar]`, 'button[role=switch]');
  }

  async removeOptedOut(compose: string): Promise<void> {
    const { page, scope } = this.at(compose);
    await page.clickInShadow(`${scope} [data-smartlinks-toolbar]`, '.banner button');
  }

  /** The text of the chips our warnings struck through. */
  struckChips(compose: string): Promise<string[]> {
    const { page, scope } = this.at(compose);
    return page.evaluate((scope) => [...document.querySelectorAll(`${scope} [data-lpc-hover-target-id][data-smartlinks-opt-out] span span`)].map((span) => span.textContent!), scope);
  }

  /** What each recipient chip shows (a name, an address, or "Name <address>"). */
  chipTexts(compose: string): Promise<string[]> {
    const { page, scope } = this.at(compose);
    return page.evaluate((scope) => [...document.querySelectorAll(`${scope} [data-lpc-hover-target-id] span span`)].map((span) => span.textContent!), scope);
  }

  async clickSend(compose: string): Promise<void> {
    await this.sending(compose, () => this.clickIn(compose, SEND));
  }

  /** Ctrl+Enter with the caret in the body, as people send without the mouse. */
  async sendWithKeyboard(compose: string): Promise<void> {
    await this.clickIn(compose, BODY);
    await this.sending(compose, () => this.at(compose).page.press(['Control', 'Enter']));
  }

  /**
   * Schedule send, as a person does it: the menu half of Send, "Schedule send", then a preset by
   * its label or "Custom time" with a date and time typed in ("12/31/2027", "9:30 AM"). Not in frames.
   */
  async scheduleSend(compose: string, choice: { preset: string } | { date: string; time: string }): Promise<void> {
    const { page, scope } = this.at(compose);
    await page.click(`${scope} [data-testid=ComposeSendButton] button[id$=__menuButton]`);
    await until(() => page.evaluate(() => document.querySelector('[role=menu] [role=menuitem]') !== null, null), 'the send options menu');
    await page.click('[role=menu] [role=menuitem]');
    await until(() => page.evaluate(() => document.querySelector('[role=dialog] [role=option]') !== null, null), 'the schedule dialog');
    if ('preset' in choice) {
      const found = await page.evaluate((label) => {
        const option = [...document.querySelectorAll('[role=dialog] [role=option]')].find((item) => item.firstElementChild?.textContent === label);
        option?.setAttribute('data-e2e', 'preset');
        return Boolean(option);
      }, choice.preset);
      if (!found) throw new Error(`No schedule preset "${choice.preset}"`);
      return page.click('[data-e2e=preset]');
    }
    await page.click('[role=dialog] [role=option]:last-child');
    await until(() => page.evaluate(() => document.querySelector('[role=dialog] form input') !== null, null), 'the custom time form');
    for (const [label, value] of [['Date', choice.date], ['Time', choice.time]] as const) {
      await page.evaluate((label) => void (document.querySelector<HTMLInputElement>(`[role=dialog] input[aria-label=${label}]`)!.value = ''), label);
      await page.type(`[role=dialog] input[aria-label=${label}]`, value);
    }
    await page.click('[role=dialog] form button[type=submit]');
  }

  /** Alt+S with the caret in the body, OWA's other send shortcut. */
  async sendWithAltS(compose: string): Promise<void> {
    await this.clickIn(compose, BODY);
    await this.sending(compose, () => this.at(compose).page.press(['Alt', 's']));
  }

  /** Tab to Send and press Enter (here: focus it, then Enter), as keyboard users do. Not in frames. */
  async sendWithEnterOnSend(compose: string): Promise<void> {
    const { page, scope } = this.at(compose);
    await page.evaluate((send) => document.querySelector<HTMLElement>(send)!.focus(), `${scope} ${SEND}`);
    await this.sending(compose, () => page.press(['Enter']));
  }

  /** Types into the To well without committing it: no chip yet. */
  async typeRecipient(compose: string, text: string): Promise<void> {
    await this.typeInto(compose, well('to'), text);
  }

  /** Ctrl+Enter with the caret still in the To well, right after typing there. */
  async sendFromRecipientField(compose: string): Promise<void> {
    await this.sending(compose, () => this.at(compose).page.press(['Control', 'Enter']));
  }

  /** Types the address into the To well and presses Enter: OWA shows the person's name only. */
  async addRecipient(compose: string, address: string): Promise<void> {
    await this.typeInto(compose, well('to'), address);
    await this.at(compose).page.press(['Enter']);
  }

  /** Goes back to the subject after writing: the compose re-renders, and the editor replaces its body node. */
  async leaveBody(compose: string): Promise<void> {
    await this.clickIn(compose, SUBJECT);
  }

  /** OWA's "This message must have at least one recipient" dialog, dismissed (in the page, a frame or a window). */
  async dismissErrorDialog(): Promise<void> {
    const hasDialog = (page: E2EPage) =>
      page.evaluate(() => {
        if (document.querySelector('[role=alertdialog]')) return 'page';
        const frame = [...document.querySelectorAll<HTMLIFrameElement>('iframe[id^=popout-]')].find((f) => f.contentDocument?.querySelector('[role=alertdialog]'));
        return frame ? `iframe#${frame.id}` : '';
      }, null).catch(() => '');
    const where = await until(async () => {
      const here = await hasDialog(this.page);
      if (here) return { page: this.page, at: here };
      for (const page of this.windows.values()) if (await hasDialog(page)) return { page, at: 'page' };
      return null;
    }, 'the error dialog');
    if (where.at === 'page') await where.page.click('[role=alertdialog] button');
    else await this.clickIn(where.at, '[role=alertdialog] button');
  }

  /** Undo in the "Sent" notification re-opens the draft as it was sent; returns its selector. */
  async undoSend(): Promise<string> {
    await until(() => this.page.evaluate(() => document.querySelector('#undoSend') !== null, null), 'the Undo button');
    return this.opened(() => this.page.click('#undoSend'), this.view === 'window');
  }

  async close(): Promise<void> {
    for (const popup of this.windows.values()) await popup.close().catch(() => undefined);
    await this.page.close();
  }

  /**
   * Waits until our toolbar has every recipient's opt-out state: a Send pressed while a check is
   * still running is held (a person sees the toolbar settle first).
   */
  async checked(compose: string): Promise<void> {
    const { page, frame, scope } = this.at(compose);
    // A page timer set now fires after our watcher's pending one (60 ms): a chip just added is then seen.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 150)), null);
    await until(
      () =>
        page.evaluate(({ frame, scope }) => {
          const doc = frame ? document.querySelector<HTMLIFrameElement>(frame)?.contentDocument : document;
          return doc?.querySelector(`${scope} [data-smartlinks-toolbar]`)?.shadowRoot?.querySelector('.toolbar')?.getAttribute('aria-busy') !== 'true';
        }, { frame, scope }),
      'the opt-out checks',
    );
  }

  /** A pop-out window closes as it sends, sometimes before the input driver is done with it. */
  private async sending(compose: string, send: () => Promise<void>): Promise<void> {
    await this.checked(compose);
    await send().catch((err: unknown) => {
      if (!(compose.startsWith('window:') && /closed|no such frame|no longer exist/i.test(String(err)))) throw err;
    });
  }

  private at(compose: string): Where {
    if (compose.startsWith('window:')) {
      const page = this.windows.get(compose);
      if (!page) throw new Error(`no window for ${compose}`);
      return { page, frame: null, scope: '[data-fixture-compose]' };
    }
    if (compose.startsWith('iframe')) return { page: this.page, frame: compose, scope: '' };
    return { page: this.page, frame: null, scope: compose };
  }

  private handles(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __outlookFixture?: { handles(): string[] } }).__outlookFixture?.handles() ?? [], null);
  }

  private async opened(action: () => Promise<void>, opensWindow = false): Promise<string> {
    const before = await this.handles();
    const popup = opensWindow ? await this.page.popup(action) : (await action(), undefined);
    const handle = await until(async () => (await this.handles()).find((h) => !before.includes(h)), 'a new compose');
    if (popup) this.windows.set(handle, popup);
    // Settled once our toolbar is in its command row, as a person sees it: the row can grow as the
    // toolbar joins it, and a click aimed (by coordinates, in a frame) before that lands off target.
    await this.toolbarText(handle);
    return handle;
  }

  private async clickIn(compose: string, inner: string): Promise<void> {
    const { page, frame, scope } = this.at(compose);
    if (!frame) return page.click(`${scope} ${inner}`);
    const { x, y } = await page.evaluate(({ frame, inner }) => {
      const element = document.querySelector<HTMLIFrameElement>(frame)!;
      const target = element.contentDocument!.querySelector(inner)!;
      target.scrollIntoView({ block: 'center' });
      const outer = element.getBoundingClientRect();
      const box = target.getBoundingClientRect();
      return { x: outer.left + element.clientLeft + box.left + Math.min(box.width / 2, 40), y: outer.top + element.clientTop + box.top + box.height / 2 };
    }, { frame, inner });
    await page.clickAt(x, y);
  }

  private async typeInto(compose: string, inner: string, text: string): Promise<void> {
    const { page, frame, scope } = this.at(compose);
    if (frame) {
      await this.clickIn(compose, inner);
      return page.typeText(text);
    }
    if (!compose.startsWith('window:')) return page.type(`${scope} ${inner}`, text);
    // A pop-out window may lack the focus in headless Firefox (see E2EPage.popup): no focus event
    // puts the caret in a well there, so put it after the last chip as OWA does.
    await page.evaluate((target) => {
      const element = document.querySelector<HTMLElement>(target)!;
      element.focus();
      if (!element.isContentEditable) return;
      const range = document.createRange();
      range.selectNodeContents(element);
      range.collapse(false);
      document.getSelection()!.removeAllRanges();
      document.getSelection()!.addRange(range);
    }, `${scope} ${inner}`);
    await page.typeText(text);
  }
}
