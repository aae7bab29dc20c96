import type { E2EBrowser, E2EPage } from '../support/browsers.ts';
import { until } from '../support/wait.ts';

export interface OutlookOptions {
  host?: 'outlook.office.com' | 'outlook.live.com' | 'outlook.office365.com' | 'outlook.cloud.microsoft';
  lang?: 'en' | 'de' | 'zh';
  /** Where New mail opens: docked in the reading pane, as a full page, or in an about:blank pop-out. */
  view?: 'docked' | 'fullpage' | 'popout';
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

/**
 * The behaving Outlook fixture, one mailbox per test; the same public methods as GmailPage so that
 * scenarios can run on both. A compose is named by a selector in the page; a pop-out compose by
 * its about:blank frame, which selectors cannot enter, so there it clicks at coordinates and types
 * into the focus, as a person would.
 */
export class OutlookPage {
  private constructor(
    readonly page: E2EPage,
    readonly mailbox: string,
  ) {}

  static async open(browser: E2EBrowser, mailbox: string, options: OutlookOptions = {}): Promise<OutlookPage> {
    const { host = 'outlook.office.com', lang = 'en', view = 'docked', build = 'current', draft = false } = options;
    const page = await browser.newPage(`https://${host}/mail/0/?mbx=${encodeURIComponent(mailbox)}&lang=${lang}&view=${view}&build=${build}${draft ? '&draft=1' : ''}`);
    return new OutlookPage(page, mailbox);
  }

  /** Opens New mail (or Reply in the reading pane); the compose appears after our script started. */
  async compose(mail: { to: string[]; subject: string; body: string; link?: { text: string; href: string }; reply?: boolean }): Promise<string> {
    const compose = await this.opened(() => this.page.click(mail.reply ? '#ItemReadingPane [id$=__primaryActionButton]' : '#newMailButton'));
    for (const address of mail.to) await this.addRecipient(compose, address);
    await this.typeInto(compose, SUBJECT, mail.subject);
    await this.clickIn(compose, BODY);
    // The caret at the start of the first paragraph, above the signature, as OWA places it.
    await this.page.evaluate((compose) => {
      const doc = compose.startsWith('iframe') ? document.querySelector<HTMLIFrameElement>(compose)!.contentDocument! : document;
      const paragraph = doc.querySelector(`${compose.startsWith('iframe') ? '' : compose} [aria-multiline=true] .elementToProof`)!;
      doc.getSelection()!.collapse(paragraph, 0);
    }, compose);
    await this.page.typeText(mail.body);
    if (mail.link) {
      // What OWA's "Insert link" leaves in the body: an anchor around the text.
      await this.page.evaluate(({ compose, text, href }) => {
        const doc = compose.startsWith('iframe') ? document.querySelector<HTMLIFrameElement>(compose)!.contentDocument! : document;
        const paragraph = doc.querySelector(`${compose.startsWith('iframe') ? '' : compose} [aria-multiline=true] .elementToProof`)!;
        const a = doc.createElement('a');
        a.setAttribute('href', href);
        a.setAttribute('data-auth', 'NotApplicable');
        a.setAttribute('data-linkindex', '1');
        a.textContent = text;
        paragraph.append(' ', a);
      }, { compose, ...mail.link });
    }
    return compose;
  }

  /** The draft opened with the page (`draft: true`). */
  async draft(): Promise<string> {
    return until(async () => (await this.handles())[0], 'the draft');
  }

  private toolbar(compose: string): string {
    return `${compose} [data-smartlinks-toolbar]`;
  }

  /** Waits for our toolbar in this compose (also in a pop-out frame) and returns what it says. */
  async toolbarText(compose: string, expected?: string): Promise<string> {
    return until(
      () =>
        this.page.evaluate(({ compose, expected }) => {
          const doc = compose.startsWith('iframe') ? document.querySelector<HTMLIFrameElement>(compose)?.contentDocument : document;
          const host = doc?.querySelector(`${compose.startsWith('iframe') ? '' : compose} [data-smartlinks-toolbar]`);
          const text = host?.shadowRoot?.lastElementChild?.textContent ?? null;
          return text !== null && (!expected || text.includes(expected)) && text;
        }, { compose, expected }),
      expected ? `the toolbar to say "${expected}"` : 'our toolbar',
    );
  }

  /** Selects `text` in the body the way a drag would leave it, then picks a Smart Link from our menu. */
  async smartLinkOnSelection(compose: string, text: string, itemIndex: number): Promise<void> {
    await this.clickIn(compose, BODY);
    await this.page.evaluate(({ compose, text }) => {
      const body = document.querySelector(`${compose} [aria-multiline=true]`)!;
      const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf(text);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + text.length);
        document.getSelection()!.removeAllRanges();
        document.getSelection()!.addRange(range);
        return;
      }
      throw new Error(`"${text}" is not in the body`);
    }, { compose, text });
    await this.pickSmartLink(compose, itemIndex);
  }

  /**
   * Opens "Smart Links" and picks the item at this position (CONTRACT.md order) with the keyboard:
   * the menu opens upwards, and OWA's command row is at the top of the compose, so with the mouse
   * the first items are out of reach above the window (a known gap of the toolbar).
   */
  async pickSmartLink(compose: string, itemIndex: number): Promise<void> {
    await this.toolbarText(compose);
    await this.page.clickInShadow(this.toolbar(compose), 'button[aria-haspopup=menu]');
    await until(
      () => this.page.evaluate((host) => document.querySelector(host)?.shadowRoot?.activeElement?.getAttribute('role') === 'menuitem', this.toolbar(compose)),
      'the Smart Links menu to take the focus',
    );
    for (let i = 0; i < itemIndex; i++) await this.page.press(['ArrowDown']);
    await this.page.press(['Enter']);
  }

  async toggleTracking(compose: string): Promise<void> {
    await this.toolbarText(compose);
    await this.page.clickInShadow(this.toolbar(compose), 'button[role=switch]');
  }

  async removeOptedOut(compose: string): Promise<void> {
    await this.page.clickInShadow(this.toolbar(compose), '.banner button');
  }

  /** The text of the chips our warnings struck through. */
  struckChips(compose: string): Promise<string[]> {
    return this.page.evaluate((compose) => [...document.querySelectorAll(`${compose} [data-lpc-hover-target-id][data-smartlinks-opt-out] span span`)].map((span) => span.textContent!), compose);
  }

  /** What each recipient chip shows (a name, an address, or "Name <address>"). */
  chipTexts(compose: string): Promise<string[]> {
    return this.page.evaluate((compose) => [...document.querySelectorAll(`${compose} [data-lpc-hover-target-id] span span`)].map((span) => span.textContent!), compose);
  }

  async clickSend(compose: string): Promise<void> {
    await this.clickIn(compose, SEND);
  }

  /** Ctrl+Enter with the caret in the body, as people send without the mouse. */
  async sendWithKeyboard(compose: string): Promise<void> {
    await this.clickIn(compose, BODY);
    await this.page.press(['Control', 'Enter']);
  }

  /** Types the address into the To well and presses Enter: OWA shows the person's name only. */
  async addRecipient(compose: string, address: string): Promise<void> {
    await this.typeInto(compose, well('to'), address);
    await this.page.press(['Enter']);
  }

  /** Goes back to the subject after writing: the compose re-renders, and the editor replaces its body node. */
  async leaveBody(compose: string): Promise<void> {
    await this.clickIn(compose, SUBJECT);
  }

  /** OWA's "This message must have at least one recipient" dialog, dismissed. */
  async dismissErrorDialog(): Promise<void> {
    const where = await until(
      () => this.page.evaluate(() => {
        if (document.querySelector('[role=alertdialog]')) return 'page';
        const frame = [...document.querySelectorAll<HTMLIFrameElement>('iframe[id^=popout-]')].find((f) => f.contentDocument?.querySelector('[role=alertdialog]'));
        return frame ? `iframe#${frame.id}` : '';
      }, null),
      'the error dialog',
    );
    if (where === 'page') await this.page.click('[role=alertdialog] button');
    else await this.clickIn(where, '[role=alertdialog] button');
  }

  /** Undo in the "Sent" notification re-opens the draft as it was sent; returns its selector. */
  async undoSend(): Promise<string> {
    await until(() => this.page.evaluate(() => document.querySelector('#undoSend') !== null, null), 'the Undo button');
    return this.opened(() => this.page.click('#undoSend'));
  }

  async close(): Promise<void> {
    await this.page.close();
  }

  private handles(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __outlookFixture?: { handles(): string[] } }).__outlookFixture?.handles() ?? [], null);
  }

  private async opened(action: () => Promise<void>): Promise<string> {
    const before = await this.handles();
    await action();
    return until(async () => (await this.handles()).find((handle) => !before.includes(handle)), 'a new compose');
  }

  private async clickIn(compose: string, inner: string): Promise<void> {
    if (!compose.startsWith('iframe')) return this.page.click(`${compose} ${inner}`);
    const { x, y } = await this.page.evaluate(({ compose, inner }) => {
      const frame = document.querySelector<HTMLIFrameElement>(compose)!;
      const target = frame.contentDocument!.querySelector(inner)!;
      target.scrollIntoView({ block: 'center' });
      const outer = frame.getBoundingClientRect();
      const box = target.getBoundingClientRect();
      return { x: outer.left + frame.clientLeft + box.left + Math.min(box.width / 2, 40), y: outer.top + frame.clientTop + box.top + box.height / 2 };
    }, { compose, inner });
    await this.page.clickAt(x, y);
  }

  private async typeInto(compose: string, inner: string, text: string): Promise<void> {
    if (!compose.startsWith('iframe')) return this.page.type(`${compose} ${inner}`, text);
    await this.clickIn(compose, inner);
    await this.page.typeText(text);
  }
}
