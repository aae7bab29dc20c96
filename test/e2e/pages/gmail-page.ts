import type { E2EBrowser, E2EPage } from '../support/browsers.ts';
import { until } from '../support/wait.ts';

/** The behaving Gmail fixture on https://mail.google.com, one mailbox per test. */
export class GmailPage {
  private constructor(
    readonly page: E2EPage,
    readonly mailbox: string,
  ) {}

  static async open(browser: E2EBrowser, mailbox: string): Promise<GmailPage> {
    const page = await browser.newPage(`https://mail.google.com/mail/u/0/?mbx=${mailbox}#inbox`);
    return new GmailPage(page, mailbox);
  }

  /** Opens a new compose the way a person does; the compose appears after our script started. */
  async compose(mail: { to: string[]; subject: string; body: string; link?: { text: string; href: string } }): Promise<string> {
    const before = await this.page.evaluate(() => document.querySelectorAll('[role=dialog]').length, null);
    await this.page.click('#compose-button');
    const n = await until(
      () => this.page.evaluate((count) => document.querySelectorAll('[role=dialog]').length > count && document.querySelectorAll('[role=dialog]').length, before),
      'a new compose',
    );
    const dialog = `[role=dialog]:nth-child(${n})`;
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
    return dialog;
  }

  async clickSend(dialog: string): Promise<void> {
    await this.page.click(`${dialog} .IZ div[role=button]`);
  }

  /** Ctrl+Enter with the caret in the body, as people send without the mouse. */
  async sendWithKeyboard(dialog: string): Promise<void> {
    await this.page.click(`${dialog} [g_editable=true]`);
    await this.page.press(['Control', 'Enter']);
  }

  async addRecipient(dialog: string, address: string): Promise<void> {
    await this.page.type(`${dialog} [aria-label="To recipients"]`, address);
    await this.page.press(['Enter']);
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
    return `[role=dialog]:nth-child(${n})`;
  }
}
