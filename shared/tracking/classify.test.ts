import { describe, expect, it } from 'vitest';
import { classifyHit, type HitClass, type HitSignals } from './classify.ts';

// A recipient at home: Comcast (AS7922), an hour after the send, Chrome on Windows.
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const hit = (fields: Partial<HitSignals>): HitSignals => ({
  kind: 'open',
  method: 'GET',
  userAgent: CHROME,
  ip: '73.15.2.4',
  asn: 7922,
  secondsAfterSend: 3600,
  senderViewing: false,
  senderIps: [],
  ...fields,
});

const GMAIL_PROXY = 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)';
const GMAIL_PREFETCH =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/42.0.2311.135 Safari/537.36 Edge/12.246 Mozilla/5.0';
const GMAIL_SAMPLING =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/42.0.2311.135 Safari/537.36 Edge/12.246 Gmail-content-sampling';
const FROM_GOOGLE = { ip: '66.249.93.84', asn: 15169 }; // pastebin.com/qupFDWg8 (SendGrid events)
const APPLE_MAIL_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)';
const APPLE_MAIL_IOS = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148';
const OUTLOOK_DESKTOP =
  'Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 10.0; WOW64; Trident/7.0; .NET4.0C; .NET4.0E; Microsoft Outlook 16.0.9126; ms-office; MSOffice 16)';
const OUTLOOK_OFFICE = 'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.15225; Pro)';
const OUTLOOK_IOS = 'Outlook-iOS/711.2304115.prod.iphone (3.26.0)';
const NEW_OUTLOOK = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36 Edg/118.0.2088.46 OneOutlook/1.2023.927.100';
const DEFENDER = 'Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/57.0.2987.133 Safari/537.36';
// Lines of the bundled Private Relay snapshot (shared/tracking/data/apple-relay-ranges.ts).
const RELAY_V4_FIRST = '104.28.66.0'; // 104.28.66.0/26
const RELAY_V4_HOST = '104.28.65.66'; // 104.28.65.66/32
const RELAY_V6_LAST = '2a02:26f7:b389:a5ff:ffff:ffff:ffff:ffff'; // 2a02:26f7:b389:a500::/56
const RELAY_APPLE_EXAMPLE = '140.248.40.70'; // 140.248.40.70/31, in Apple's published egress list

type Row = [string, Partial<HitSignals>, HitClass, string];

function expectVerdict(fields: Partial<HitSignals>, hitClass: HitClass, reason: string): void {
  const verdict = classifyHit(hit(fields));
  expect(verdict.class).toBe(hitClass);
  expect(verdict.reason).toContain(reason);
}

describe('self: the sender looking at their own message', () => {
  it.each<Row>([
    ['extension says the sender is viewing it', { senderViewing: true }, 'self', 'sender is viewing'],
    ['viewing wins over the Gmail proxy', { senderViewing: true, userAgent: GMAIL_PROXY, ...FROM_GOOGLE }, 'self', 'sender is viewing'],
    ['viewing wins over a HEAD scan', { senderViewing: true, method: 'HEAD', kind: 'click' }, 'self', 'sender is viewing'],
    ['a hit before the send (compose preview)', { secondsAfterSend: -4 }, 'self', 'before the message was sent'],
    ['before the send wins over a Microsoft click', { kind: 'click', secondsAfterSend: -1, asn: 8075, ip: '40.94.89.19' }, 'self', 'before the message was sent'],
    ["a click from the sender's IP", { kind: 'click', senderIps: ['198.51.100.7', '73.15.2.4'] }, 'self', "sender's own IP"],
    ['the same IPv6 written differently', { ip: '2001:db8:0:0::1', senderIps: ['2001:DB8::1'] }, 'self', "sender's own IP"],
    ["another IP is not the sender's", { senderIps: ['198.51.100.7'] }, 'human', 'mail client or browser'],
    ['a proxy IP never identifies the sender', { userAgent: GMAIL_PROXY, ...FROM_GOOGLE, senderIps: ['66.249.93.84'] }, 'google_proxy', 'Gmail image proxy'],
    ['nor a Private Relay egress shared with the sender', { userAgent: 'Mozilla/5.0', ip: RELAY_V4_HOST, senderIps: [RELAY_V4_HOST] }, 'apple_mpp', 'Apple Mail Privacy Protection'],
  ])('%s', (_case, fields, hitClass, reason) => expectVerdict(fields, hitClass, reason));
});

describe('Gmail', () => {
  it.each<Row>([
    ['the image proxy from Google', { userAgent: GMAIL_PROXY, ...FROM_GOOGLE }, 'google_proxy', 'Gmail image proxy (Google network)'],
    ['its older Firefox/3.0.7 form (browscap#121)', { userAgent: 'Mozilla/5.0 (Windows; U; Windows NT 5.1; de; rv:1.9.0.7) Gecko/2009021910 Firefox/3.0.7 (via ggpht.com GoogleImageProxy)', ...FROM_GOOGLE }, 'google_proxy', 'Gmail image proxy'],
    ['its form without the token (browscap#367)', { userAgent: 'Mozilla/5.0 (Windows; U; Windows NT 5.1; de; rv:1.9.0.7) Gecko/2009021910 Firefox/3.0.7 (via ggpht.com)', ...FROM_GOOGLE }, 'google_proxy', 'Gmail image proxy'],
    ['lower-cased by a log pipeline', { userAgent: 'mozilla/5.0 (windows nt 5.1; rv:11.0) gecko firefox/11.0 (googleimageproxy)', ...FROM_GOOGLE }, 'google_proxy', 'Gmail image proxy'],
    ['a Google proxy IP with no ASN', { userAgent: GMAIL_PROXY, ip: '66.102.7.162', asn: null }, 'google_proxy', 'Google network'],
    ['a Google proxy IP despite another ASN', { userAgent: GMAIL_PROXY, ip: '66.249.93.73', asn: 16509 }, 'google_proxy', 'Google network'],
    ['no network information at all', { userAgent: GMAIL_PROXY, ip: null, asn: null }, 'google_proxy', 'network unknown'],
    ['spoofed from a home network', { userAgent: GMAIL_PROXY }, 'bot', 'non-Google network (AS7922)'],
    ['spoofed from a cloud', { userAgent: GMAIL_PROXY, ip: '3.5.1.2', asn: 16509 }, 'bot', 'non-Google network (AS16509)'],
    ['the image proxy on a link', { kind: 'click', userAgent: GMAIL_PROXY, ...FROM_GOOGLE }, 'prefetch', 'Gmail image proxy on a link'],
    ["the proxy 1 s after sending is Gmail's delivery scan (gophish#1390)", { userAgent: GMAIL_PROXY, ...FROM_GOOGLE, secondsAfterSend: 1 }, 'security_scanner', 'hit 1 s after sending'],
    ['the delivery-time prefetch', { userAgent: GMAIL_PREFETCH, ip: '108.177.2.32', asn: 15169 }, 'prefetch', 'Gmail prefetch'],
    ['the prefetch stays a prefetch seconds after sending', { userAgent: GMAIL_PREFETCH, ip: '108.177.2.32', asn: 15169, secondsAfterSend: 1.5 }, 'prefetch', 'Gmail prefetch'],
    ['a real Edge 12 (no trailing Mozilla/5.0) is no prefetch', { userAgent: GMAIL_PREFETCH.replace(/ Mozilla\/5\.0$/, '') }, 'human', 'mail client or browser'],
    ['link sampling', { kind: 'click', userAgent: GMAIL_SAMPLING, ...FROM_GOOGLE }, 'security_scanner', 'Gmail link sampling'],
    ['link sampling by HEAD', { kind: 'click', method: 'HEAD', userAgent: GMAIL_SAMPLING, ...FROM_GOOGLE }, 'security_scanner', 'Gmail link sampling'],
    ['Google-Safety as a Chrome suffix', { kind: 'click', userAgent: `${CHROME} Google-Safety`, ...FROM_GOOGLE }, 'security_scanner', 'Google Safety'],
    ['Google-Safety alone', { kind: 'click', userAgent: 'Google-Safety', ...FROM_GOOGLE }, 'security_scanner', 'Google Safety'],
  ])('%s', (_case, fields, hitClass, reason) => expectVerdict(fields, hitClass, reason));
});

describe('Apple Mail', () => {
  it.each<Row>([
    ['MPP from a Private Relay IPv4 (first of a /26)', { userAgent: 'Mozilla/5.0', ip: RELAY_V4_FIRST, asn: 36183 }, 'apple_mpp', 'Apple Mail Privacy Protection prefetch (Private Relay egress)'],
    ['MPP from a /32 of the snapshot', { userAgent: 'Mozilla/5.0', ip: RELAY_V4_HOST, asn: 13335 }, 'apple_mpp', 'Private Relay egress'],
    ["MPP from an address in Apple's egress list", { userAgent: 'Mozilla/5.0', ip: RELAY_APPLE_EXAMPLE, asn: 54113 }, 'apple_mpp', 'Private Relay egress'],
    ['MPP from the last address of an IPv6 /56', { userAgent: 'Mozilla/5.0', ip: RELAY_V6_LAST, asn: 36183 }, 'apple_mpp', 'Private Relay egress'],
    ['MPP with stray spaces around the UA', { userAgent: ' Mozilla/5.0 ', ip: RELAY_V4_FIRST }, 'apple_mpp', 'Private Relay egress'],
    ['MPP right at delivery is still MPP', { userAgent: 'Mozilla/5.0', ip: RELAY_V4_FIRST, secondsAfterSend: 0.5 }, 'apple_mpp', 'Private Relay egress'],
    ['bare Mozilla/5.0 from a home IP is not MPP', { userAgent: 'Mozilla/5.0' }, 'unknown', "outside Apple's relay ranges"],
    ['just outside a /32 of the snapshot', { userAgent: 'Mozilla/5.0', ip: '104.28.65.67' }, 'unknown', "outside Apple's relay ranges"],
    ['bare Mozilla/5.0 without an IP', { userAgent: 'Mozilla/5.0', ip: null }, 'unknown', "outside Apple's relay ranges"],
    ['MPP on a link', { kind: 'click', userAgent: 'Mozilla/5.0', ip: RELAY_V4_FIRST }, 'prefetch', 'Apple Mail Privacy Protection fetch on a link'],
    ['bare Mozilla/5.0 on a link elsewhere', { kind: 'click', userAgent: 'Mozilla/5.0' }, 'bot', 'bare Mozilla/5.0 on a link'],
    ['Apple Mail without MPP, from home', { userAgent: APPLE_MAIL_MAC, ip: '24.5.7.9' }, 'human', 'Apple Mail (no Privacy Protection)'],
    ['Apple Mail without MPP, even from a relay IP', { userAgent: APPLE_MAIL_MAC, ip: RELAY_V4_FIRST }, 'human', 'Apple Mail'],
    ['iOS Mail ends in Mobile/…', { userAgent: APPLE_MAIL_IOS, ip: '2601:646:8d01:7e::1' }, 'human', 'Apple Mail'],
    ['Safari with Private Relay clicking', { kind: 'click', userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1', ip: RELAY_V6_LAST }, 'human', 'browser'],
  ])('%s', (_case, fields, hitClass, reason) => expectVerdict(fields, hitClass, reason));
});

describe('Yahoo, Fastmail, Shortwave', () => {
  it.each<Row>([
    ['Yahoo image proxy', { userAgent: 'YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html', ip: '98.137.1.2', asn: 36647 }, 'yahoo_proxy', 'Yahoo Mail image proxy'],
    ['Yahoo image proxy, URL-encoded (ua-parser-js#494)', { userAgent: 'YahooMailProxy;%20https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html' }, 'yahoo_proxy', 'Yahoo Mail image proxy'],
    ['Yahoo image proxy on a link', { kind: 'click', userAgent: 'YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html' }, 'prefetch', 'Yahoo Mail image proxy on a link'],
    ['Yahoo proxy by HEAD is a probe, not an open', { method: 'HEAD', userAgent: 'YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html' }, 'security_scanner', 'HEAD request'],
    ['Yahoo link preview', { kind: 'click', userAgent: 'Mozilla/5.0 (compatible; Yahoo Link Preview; https://help.yahoo.com/kb/mail/yahoo-link-preview-SLN23615.html)' }, 'prefetch', 'Yahoo Mail link preview'],
    ['Fastmail image proxy', { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.5993.117 Safari/537.36 FastmailUA/1.0' }, 'other_proxy', 'Fastmail image proxy'],
    ['Fastmail bare token', { userAgent: 'FastmailUA/1.0' }, 'other_proxy', 'Fastmail image proxy'],
    ['Shortwave', { userAgent: 'Shortwave Image Fetcher' }, 'other_proxy', 'Shortwave image fetcher'],
  ])('%s', (_case, fields, hitClass, reason) => expectVerdict(fields, hitClass, reason));
});

describe('Microsoft', () => {
  it.each<Row>([
    ['Outlook desktop, MSIE 7.0 ms-office (gophish#1920)', { userAgent: OUTLOOK_DESKTOP }, 'human', 'Outlook desktop'],
    ['Outlook desktop, Microsoft Office/16.0', { userAgent: OUTLOOK_OFFICE }, 'human', 'Outlook desktop'],
    ['Outlook for iOS', { userAgent: OUTLOOK_IOS, ip: '2601:646:8d01:7e::1' }, 'human', 'Outlook mobile'],
    ['Outlook for iOS on a link', { kind: 'click', userAgent: OUTLOOK_IOS }, 'human', 'browser or mail app'],
    ['MSIE/Trident alone is not a scanner sign', { userAgent: 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko' }, 'human', 'mail client or browser'],
    ['Office Existence Discovery HEAD', { kind: 'click', method: 'HEAD', userAgent: 'Microsoft Office Existence Discovery' }, 'prefetch', 'Office link check (Existence Discovery)'],
    ["Excel's HEAD probe", { kind: 'click', method: 'HEAD', userAgent: 'Microsoft Office Excel 2014 (16.0.10730) Windows NT 10.0' }, 'prefetch', 'Office app link check'],
    ["Office's GET after the probe (superuser.com/q/1359127)", { kind: 'click', userAgent: OUTLOOK_DESKTOP }, 'prefetch', 'Office app link check'],
    ['Outlook desktop UA by HEAD', { method: 'HEAD', userAgent: OUTLOOK_DESKTOP }, 'prefetch', 'Office app link check'],
    ['new Outlook pre-checks a link', { kind: 'click', userAgent: NEW_OUTLOOK }, 'prefetch', 'new Outlook link pre-check'],
    ['new Outlook showing the message', { userAgent: NEW_OUTLOOK }, 'human', 'mail client or browser'],
    ['BingPreview (OWA) from Microsoft stays a preview', { kind: 'click', userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) BingPreview/1.0b', ip: '40.77.167.1', asn: 8075 }, 'prefetch', 'Bing link preview'],
    ['SkypeUriPreview', { kind: 'click', userAgent: 'Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5' }, 'prefetch', 'Skype/Teams link preview'],
    ['Safe Links detonation (gophish#973)', { kind: 'click', userAgent: DEFENDER, ip: '40.107.218.12', asn: 8075 }, 'security_scanner', 'Microsoft network (AS8075) on a click'],
    ['Safe Links from AS8074', { kind: 'click', ip: '20.72.100.79', asn: 8074 }, 'security_scanner', 'Microsoft network (AS8074) on a click'],
    ['Safe Links from AS12076', { kind: 'click', asn: 12076 }, 'security_scanner', 'Microsoft network (AS12076) on a click'],
    ['a Microsoft network alone on the pixel is not enough (warmbly#412)', { ip: '40.94.89.19', asn: 8075 }, 'human', 'mail client or browser'],
    ['Microsoft network with no UA on the pixel', { userAgent: '', ip: '104.47.1.254', asn: 8075 }, 'security_scanner', 'Microsoft network (AS8075) with no User-Agent'],
    ['Microsoft network seconds after sending on the pixel', { userAgent: DEFENDER, asn: 8075, secondsAfterSend: 12 }, 'security_scanner', 'Microsoft network (AS8075) 12 s after sending'],
  ])('%s', (_case, fields, hitClass, reason) => expectVerdict(fields, hitClass, reason));
});

describe('security scanners', () => {
  it.each<Row>([
    ['no UA on a click (SergeyMosin/Appointments#293)', { kind: 'click', userAgent: '' }, 'security_scanner', 'no User-Agent on a click'],
    ['HEAD on a link', { kind: 'click', method: 'HEAD' }, 'security_scanner', 'HEAD request (link probe)'],
    ['HEAD on the pixel', { method: 'head' }, 'security_scanner', 'HEAD request'],
    ['1.2 s after sending', { kind: 'click', secondsAfterSend: 1.2 }, 'security_scanner', 'hit 1.2 s after sending'],
    ['at the very second of sending', { secondsAfterSend: 0 }, 'security_scanner', 'hit 0 s after sending'],
    ['the third link within 2 s', { kind: 'click', otherLinksHitWithin2s: 2 }, 'security_scanner', '3 links hit within 2 s'],
    ['Barracuda Sentinel', { kind: 'click', userAgent: 'Barracuda Sentinel (EE)' }, 'security_scanner', 'Barracuda Sentinel'],
    ['Trident on a Mac', { kind: 'click', userAgent: 'Mozilla/5.0 (Apple Mac OS X v10.9.3; Trident/7.0; rv:11.0) like Gecko' }, 'security_scanner', 'Trident on macOS'],
    ['Firefox 2 on Windows XP', { kind: 'click', userAgent: 'Mozilla/5.0 (Windows; U; Windows NT 5.1; en-US; rv:1.8.1.20) Gecko/20081217 Firefox/2.0.0.20' }, 'security_scanner', 'Firefox 2 on Windows XP'],
    ['IE 10 on Windows 7', { kind: 'click', userAgent: 'Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.1; Trident/6.0)' }, 'security_scanner', 'IE 10 on Windows 7'],
    ['a click from AWS', { kind: 'click', ip: '3.5.1.2', asn: 16509 }, 'security_scanner', 'cloud network (AS16509) on a click'],
    ['a click from Google Cloud (gophish#2938)', { kind: 'click', ip: '35.190.1.2', asn: 396982 }, 'security_scanner', 'cloud network (AS396982)'],
  ])('%s', (_case, fields, hitClass, reason) => expectVerdict(fields, hitClass, reason));
});

describe('bots', () => {
  it.each<[string, string]>([
    ['curl/8.4.0', 'HTTP library (curl)'],
    ['Wget/1.21.4', 'HTTP library (wget)'],
    ['python-requests/2.31.0', 'HTTP library (python-requests)'],
    ['Go-http-client/1.1', 'HTTP library (go-http-client)'],
    ['okhttp/4.12.0', 'HTTP library (okhttp)'],
    ['axios/1.6.2', 'HTTP library (axios)'],
    ['node-fetch/1.0 (+https://github.com/bitinn/node-fetch)', 'HTTP library (node-fetch)'],
    ['AHC/2.1', 'HTTP library (ahc)'],
    ['Java/17.0.2', 'HTTP library (java)'],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.6099.71 Safari/537.36', 'headless browser'],
    ['Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1', 'headless browser'],
    ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'crawler or bot'],
    ['Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)', 'crawler or bot'],
    ['Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)', 'link preview by Slack'],
    ['Slack-ImgProxy (+https://api.slack.com/robots)', 'link preview by Slack'],
    ['Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)', 'link preview by Discord'],
    ['Twitterbot/1.0', 'link preview by X/Twitter'],
    ['facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)', 'link preview by Facebook'],
    ['WhatsApp/2.23.20.0 A', 'link preview by WhatsApp'],
    ['TelegramBot (like TwitterBot)', 'link preview by Telegram'],
    ['LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)', 'link preview by LinkedIn'],
  ])('%s', (userAgent, reason) => {
    expectVerdict({ kind: 'click', userAgent }, 'bot', reason);
    expectVerdict({ kind: 'open', userAgent }, 'bot', reason);
  });

  it('a method no mail client uses', () => expectVerdict({ kind: 'click', method: 'POST' }, 'bot', 'POST request'));
});

describe('people and the undecided', () => {
  it.each<Row>([
    ['Chrome click from a home IP', { kind: 'click' }, 'human', 'browser'],
    ['Chrome loading the pixel', {}, 'human', 'mail client or browser'],
    ['Firefox on Linux', { userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0' }, 'human', 'mail client or browser'],
    ['Thunderbird', { userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Thunderbird/128.4.0' }, 'human', 'Thunderbird'],
    ['a click exactly 2 s after sending', { kind: 'click', secondsAfterSend: 2 }, 'human', 'browser'],
    ['a second link within 2 s is not yet a burst', { kind: 'click', otherLinksHitWithin2s: 1 }, 'human', 'browser'],
    ['no send time known', { kind: 'click', secondsAfterSend: null }, 'human', 'browser'],
    ['an AWS network on the pixel is not enough', { ip: '3.5.1.2', asn: 16509 }, 'human', 'mail client or browser'],
    ['no UA on the pixel from a home IP', { userAgent: '' }, 'unknown', 'no User-Agent'],
    ['an app nobody documented', { userAgent: 'SomeMailApp/3.1 (build 77)' }, 'unknown', 'unrecognised User-Agent'],
  ])('%s', (_case, fields, hitClass, reason) => expectVerdict(fields, hitClass, reason));

  it('reasons are stable: the same hit always gets the same words', () => {
    const signals = hit({ userAgent: GMAIL_PROXY, ...FROM_GOOGLE });
    expect(classifyHit(signals)).toEqual({ class: 'google_proxy', reason: 'Gmail image proxy (Google network)' });
    expect(classifyHit(signals)).toEqual(classifyHit({ ...signals }));
  });
});
