import { isbot } from 'isbot';
import { GOOGLE_ASN, isAppleRelayIp, isCloudAsn, isGoogleProxyIp, isMicrosoftAsn, sameIp } from './ip-ranges.ts';

/**
 * Who made a pixel or link hit. Each rule below names the public evidence it rests on.
 * Pure and synchronous; the raw signals are stored beside the verdict so history can be
 * reclassified when these rules change (mautic/mautic#9798).
 */
export type HitClass =
  | 'human'
  | 'self'
  | 'google_proxy'
  | 'apple_mpp'
  | 'yahoo_proxy'
  | 'other_proxy'
  | 'prefetch'
  | 'security_scanner'
  | 'bot'
  | 'unknown';

export interface HitSignals {
  kind: 'open' | 'click';
  /** 'GET', 'HEAD', ... */
  method: string;
  /** '' when absent. */
  userAgent: string;
  ip: string | null;
  /** request.cf.asn */
  asn: number | null;
  /** Negative = before the send. */
  secondsAfterSend: number | null;
  /** The sender's extension says it is showing this message now. */
  senderViewing: boolean;
  /** The sender's recently seen IPs. */
  senderIps: string[];
  /**
   * How many other distinct links of the same message were hit in the 2 s before this one.
   * Scanners open every link at once and no reader clicks three links in two seconds
   * (autoemails.com help: ">= 3 unique links in < 2 s"; mautic/mautic#9162). Omitted = unknown.
   */
  otherLinksHitWithin2s?: number;
}

export interface HitVerdict {
  class: HitClass;
  /** A short, stable English phrase naming the rule; the UI shows it. */
  reason: string;
}

// --- Tokens -----------------------------------------------------------------------------------

/** Every form seen: "(via ggpht.com GoogleImageProxy)", older "(via ggpht.com)", lower-case (browscap#121, #367, #1108). */
const GOOGLE_IMAGE_PROXY = /googleimageproxy|via ggpht\.com/i;
/** Gmail's delivery-time prefetch, exact, since May 2018 (gmass.co/blog/false-opens-in-gmail; bird.com). */
const GMAIL_PREFETCH_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/42.0.2311.135 Safari/537.36 Edge/12.246 Mozilla/5.0';
/** The same Edge/12.246 UA ending in "Gmail-content-sampling" follows links (mssola/user_agent#71). */
const GMAIL_CONTENT_SAMPLING = /gmail-content-sampling/i;
/** Also logged URL-encoded, "YahooMailProxy;%20https://…" (faisalman/ua-parser-js#494): the token survives. */
const YAHOO_PROXY = /yahoomailproxy/i;
/** Every Fastmail fetcher carries "FastmailUA" (fastmail.com/policies/bots). */
const FASTMAIL_PROXY = /fastmailua/i;
const SHORTWAVE_PROXY = /shortwave image fetcher/i;

/**
 * One cheap test that lets ordinary browser UAs skip every token rule below. It must contain a
 * token of each of those rules, or the rule never runs (the table tests would then fail), and
 * the leading "name/1" catches HTTP libraries ("curl/8.4.0") but not "Mozilla/5.0 (…".
 */
const ANY_TOKEN =
  /^(?!mozilla\/)[a-z][\w.-]*\/\d|googleimageproxy|ggpht|gmail-content-sampling|google-safety|barracuda|yahoo|fastmailua|shortwave|bingpreview|skypeuripreview|existence discovery|ms-office|msoffice|microsoft office|oneoutlook|trident\/|msie 10|firefox\/2\.|slack|discordbot|twitterbot|facebookexternalhit|facebot|whatsapp|telegrambot|linkedinbot|headless|phantomjs|edge\/12\.246/i;

/**
 * UAs no real client sends any more; link-checking gateways keep using them (groundhogg's crawler
 * list; "mac_trident" in a public UA categoriser's tests). Outlook desktop
 * also says MSIE 7.0/Trident, so Office UAs never reach this check (gophish#1920).
 */
const IMPOSSIBLE_UAS: ReadonlyArray<[RegExp, string]> = [
  [/(?:mac os x|macintosh)[^)]*trident\//i, 'Trident on macOS'],
  [/windows nt 5\.1[^)]*\).*firefox\/2\./i, 'Firefox 2 on Windows XP'],
  [/msie 10\.0; windows nt 6\.1/i, 'IE 10 on Windows 7'],
];

/** HTTP libraries: nobody reads mail or clicks with these. */
const HTTP_LIBRARY =
  /^(curl|wget|python-requests|python-urllib|python-httpx|aiohttp|go-http-client|okhttp|axios|node-fetch|undici|ahc|java|apache-httpclient|libwww-perl|ruby|guzzlehttp|postmanruntime|httpie)\b/i;
const HEADLESS_BROWSER = /headlesschrome|phantomjs/i;

/**
 * Link previews by chat and social apps: someone pasted the link into Slack, a tweet, a group...
 * It left the mailbox, so it is not the recipient's click, and not a mail client's preview either
 * ("prefetch" reads "previewed by the mail app" in the UI): a bot, like any fetch of a leaked link.
 */
const CHAT_PREVIEWS: ReadonlyArray<[RegExp, string]> = [
  [/slackbot|slack-imgproxy/i, 'Slack'],
  [/discordbot/i, 'Discord'],
  // Telegram's UA says "(like TwitterBot)", so it goes before Twitter.
  [/telegrambot/i, 'Telegram'],
  [/twitterbot/i, 'X/Twitter'],
  [/facebookexternalhit|facebot/i, 'Facebook'],
  [/whatsapp/i, 'WhatsApp'],
  [/linkedinbot/i, 'LinkedIn'],
];

/**
 * Link cards drawn before anyone acts: OWA's (BingPreview, aaugustin/django-sesame#45), Yahoo
 * Mail's (SLN23615). SkypeUriPreview (crawler-user-agents) draws Microsoft 365's cards, in Teams
 * too; it stays with its Microsoft sibling rather than the chat apps, though a Teams card means
 * the link was shared.
 */
const MAIL_APP_PREVIEWS: ReadonlyArray<[RegExp, string]> = [
  [/bingpreview/i, 'Bing link preview (Outlook on the web)'],
  [/yahoo link preview/i, 'Yahoo Mail link preview'],
  [/skypeuripreview/i, 'Skype/Teams link preview'],
];

/** Office's "does this link exist" HEAD probe (MSDN vsofficedeveloper 2008-03-11). */
const OFFICE_EXISTENCE_DISCOVERY = /existence discovery/i;
/** Excel's HEAD "Microsoft Office Excel 2014 (16.0.10730) …", then a GET "… ms-office)" (superuser.com/q/1359127). */
const OFFICE_APP_PROBE = /microsoft office (?:excel|word|powerpoint|onenote) \d{4}/i;
/**
 * Office apps fetch a link themselves before handing it to the browser. Outlook desktop loads
 * images with the same tokens ("… ms-office; MSOffice 16)", gophish#1920), and that is a person.
 */
const OFFICE_APP = /ms-office|msoffice|microsoft office\//i;
/** New Outlook for Windows pre-checks links with "OneOutlook/…" at the end of its UA (nextauthjs/next-auth#1840). */
const NEW_OUTLOOK = /oneoutlook\//i;

// --- Human clients ----------------------------------------------------------------------------

/** What a real mail client or browser sends: "Mozilla/5.0 (…" or a known app token. */
const BROWSER_SHAPE = /^Mozilla\/\d\.0 \(/;
/** Mail apps that load images with their own UA (3rd-Eden/useragent#146; DannyBoyNg/UserAgentService#4). */
const MAIL_CLIENT = /^(?:Outlook-(?:iOS|Android)\/|Microsoft Office\/)/i;
const HUMAN_NAMES: ReadonlyArray<[RegExp, string]> = [
  [/microsoft outlook|ms-office|msoffice/i, 'Outlook desktop (loads from the device)'],
  [/^outlook-(?:ios|android)\//i, 'Outlook mobile (loads from the device)'],
  // Apple Mail without MPP ends at the engine token (uap-core#528) or in "Mobile/…" on iOS
  // (express-useragent#78). warmbly's "ends with (KHTML, like Gecko) = MPP" is wrong: real opens.
  [/applewebkit\/[\d.]+ \(khtml, like gecko\)(?: mobile\/\w+)?$/i, 'Apple Mail (no Privacy Protection)'],
  [/thunderbird\//i, 'Thunderbird'],
];

// --- Behaviour --------------------------------------------------------------------------------

/** Mautic votes on hits within 2 s of the send (mautic/mautic#16263); no person is that fast. */
const SCANNER_WINDOW_S = 2;
/**
 * Defender scans before delivery, "seconds after send" (gophish#2646). On the pixel a Microsoft
 * network alone is not enough (Outlook.com may proxy images, warmbly#412), so it needs this too.
 */
const MICROSOFT_OPEN_WINDOW_S = 30;
/** The third distinct link within 2 s (autoemails.com): this hit plus two others. */
const LINK_BURST = 2;

/**
 * isbot's verdict per UA: its one big regex costs ~2.5 µs, and mail traffic repeats few UAs.
 * Bounded in entries and UA length, since the UA is whatever the client sends.
 */
const isbotCache = new Map<string, boolean>();
const ISBOT_CACHE_ENTRIES = 2000;
const ISBOT_CACHE_MAX_UA = 512;

function isbotCached(ua: string): boolean {
  if (ua.length > ISBOT_CACHE_MAX_UA) return isbot(ua);
  let verdict = isbotCache.get(ua);
  if (verdict === undefined) {
    verdict = isbot(ua);
    if (isbotCache.size >= ISBOT_CACHE_ENTRIES) isbotCache.clear();
    isbotCache.set(ua, verdict);
  }
  return verdict;
}

function verdict(hitClass: HitClass, reason: string): HitVerdict {
  return { class: hitClass, reason };
}

function seconds(value: number): string {
  return `${Math.round(value * 10) / 10} s`;
}

function asnLabel(asn: number | null): string {
  return asn === null ? 'unknown AS' : `AS${asn}`;
}

/** The provider proxy a UA names, if any; proxies fetch for many people, so their IP is nobody's. */
function proxyName(ua: string): 'Gmail' | 'Yahoo Mail' | 'Fastmail' | 'Shortwave' | null {
  if (GOOGLE_IMAGE_PROXY.test(ua)) return 'Gmail';
  if (YAHOO_PROXY.test(ua)) return 'Yahoo Mail';
  if (FASTMAIL_PROXY.test(ua)) return 'Fastmail';
  if (SHORTWAVE_PROXY.test(ua)) return 'Shortwave';
  return null;
}

function isFromSender(hit: HitSignals, ua: string): boolean {
  if (hit.ip === null || hit.senderIps.length === 0) return false;
  // A proxy's or Apple's relay IP is shared by many people, so it proves nothing about the sender.
  if (ua === 'Mozilla/5.0' || proxyName(ua) !== null) return false;
  for (const senderIp of hit.senderIps) if (sameIp(hit.ip, senderIp)) return true;
  return false;
}

/**
 * Machines named by a UA token, in precedence order: scanners and bots, then previews and
 * prefetches. They are named before the behaviour rules run, so that a Gmail prefetch 1 s after
 * sending stays "prefetch" and an Office HEAD probe is not taken for a gateway's.
 */
function machineVerdict(hit: HitSignals, ua: string, isHead: boolean): HitVerdict | null {
  if (GMAIL_CONTENT_SAMPLING.test(ua)) return verdict('security_scanner', 'Gmail link sampling (Gmail-content-sampling)');
  if (/google-safety/i.test(ua)) return verdict('security_scanner', 'Google Safety scanner');
  if (/barracuda sentinel/i.test(ua)) return verdict('security_scanner', 'Barracuda Sentinel scanner');
  const office = OFFICE_APP.test(ua);
  if (!office) {
    for (const [pattern, what] of IMPOSSIBLE_UAS) if (pattern.test(ua)) return verdict('security_scanner', `scanner User-Agent (${what})`);
  }
  const library = HTTP_LIBRARY.exec(ua);
  if (library) return verdict('bot', `HTTP library (${(library[1] ?? ua).toLowerCase()})`);
  if (HEADLESS_BROWSER.test(ua)) return verdict('bot', 'headless browser');
  for (const [pattern, app] of CHAT_PREVIEWS) if (pattern.test(ua)) return verdict('bot', `link preview by ${app} (shared outside the mail)`);
  // Google's proxy runs on Google's network (serverfault.com/q/581857); elsewhere the UA is a costume.
  if (GOOGLE_IMAGE_PROXY.test(ua) && hit.asn !== null && hit.asn !== GOOGLE_ASN && !isGoogleProxyIp(hit.ip)) {
    return verdict('bot', `GoogleImageProxy User-Agent from a non-Google network (${asnLabel(hit.asn)})`);
  }

  if (ua === GMAIL_PREFETCH_UA) return verdict('prefetch', 'Gmail prefetch (Edge/12.246 User-Agent)');
  for (const [pattern, reason] of MAIL_APP_PREVIEWS) if (pattern.test(ua)) return verdict('prefetch', reason);
  if (OFFICE_EXISTENCE_DISCOVERY.test(ua)) return verdict('prefetch', 'Office link check (Existence Discovery)');
  if (OFFICE_APP_PROBE.test(ua) || (office && (isHead || hit.kind === 'click'))) return verdict('prefetch', 'Office app link check');
  // New Outlook renders images when the reader opens the message, so only its link fetches are pre-checks.
  if (NEW_OUTLOOK.test(ua) && (isHead || hit.kind === 'click')) return verdict('prefetch', 'new Outlook link pre-check (OneOutlook)');
  return null;
}

/**
 * Provider image proxies. A person may be behind one, so they come after every rule that proves
 * a machine (a proxy fetch 1 s after sending is Gmail's delivery scan, gophish#1390).
 */
function proxyVerdict(hit: HitSignals, ua: string): HitVerdict | null {
  const proxy = proxyName(ua);
  if (proxy === null) return null;
  // Proxies load images; one on a link is the mail app fetching it, not a click.
  if (hit.kind === 'click') return verdict('prefetch', `${proxy} image proxy on a link (not a click)`);
  if (proxy === 'Gmail') {
    const fromGoogle = hit.asn === GOOGLE_ASN || isGoogleProxyIp(hit.ip);
    return verdict('google_proxy', fromGoogle ? 'Gmail image proxy (Google network)' : 'Gmail image proxy (network unknown)');
  }
  if (proxy === 'Yahoo Mail') return verdict('yahoo_proxy', 'Yahoo Mail image proxy');
  return verdict('other_proxy', proxy === 'Fastmail' ? 'Fastmail image proxy' : 'Shortwave image fetcher');
}

/** Scanner evidence from the request's shape, network and timing rather than its UA. */
function behaviourVerdict(hit: HitSignals, ua: string, isHead: boolean): HitVerdict | null {
  if (isHead) return verdict('security_scanner', 'HEAD request (link probe)');
  const method = hit.method.toUpperCase();
  if (method !== 'GET' && method !== '') return verdict('bot', `${method} request (not a mail client or browser)`);
  const after = hit.secondsAfterSend;
  if (after !== null && after >= 0 && after < SCANNER_WINDOW_S) return verdict('security_scanner', `hit ${seconds(after)} after sending`);
  if (hit.kind === 'click') {
    if ((hit.otherLinksHitWithin2s ?? 0) >= LINK_BURST) return verdict('security_scanner', `${(hit.otherLinksHitWithin2s ?? 0) + 1} links hit within 2 s`);
    // Safe Links detonates from Microsoft's network; the reader's own click comes from their IP (warmbly#412).
    if (isMicrosoftAsn(hit.asn)) return verdict('security_scanner', `Microsoft network (${asnLabel(hit.asn)}) on a click`);
    if (isCloudAsn(hit.asn)) return verdict('security_scanner', `cloud network (${asnLabel(hit.asn)}) on a click`);
    // Blank UAs on links come from gateways (SergeyMosin/Appointments#293; next-auth#1840).
    if (ua === '') return verdict('security_scanner', 'no User-Agent on a click');
  } else if (isMicrosoftAsn(hit.asn)) {
    if (ua === '') return verdict('security_scanner', `Microsoft network (${asnLabel(hit.asn)}) with no User-Agent`);
    if (after !== null && after >= 0 && after < MICROSOFT_OPEN_WINDOW_S) return verdict('security_scanner', `Microsoft network (${asnLabel(hit.asn)}) ${seconds(after)} after sending`);
  }
  return null;
}

/** The reason given to a hit a viewing beacon covers, also when the beacon came second (worker/routes/api/messages.ts). */
export const SENDER_VIEWING_REASON = 'sender is viewing the message';

/**
 * First match wins: self, then scanners and bots, prefetches, provider proxies, human, unknown
 * (the strongest evidence first: what only a machine does, then who fetched, then behaviour). Within that, machines named by their UA (and Apple MPP, named by UA and IP)
 * come before the behaviour rules, which catch machines that pass for browsers.
 */
export function classifyHit(hit: HitSignals): HitVerdict {
  const ua = hit.userAgent.trim();

  if (hit.senderViewing) return verdict('self', SENDER_VIEWING_REASON);
  if (hit.secondsAfterSend !== null && hit.secondsAfterSend < 0) return verdict('self', 'hit before the message was sent');
  if (isFromSender(hit, ua)) return verdict('self', "sender's own IP address");

  const isHead = hit.method.length === 4 && hit.method.toUpperCase() === 'HEAD';
  const hasToken = ANY_TOKEN.test(ua);
  if (hasToken) {
    const machine = machineVerdict(hit, ua, isHead);
    if (machine) return machine;
  }

  // Apple MPP: exactly "Mozilla/5.0" from Private Relay (uap-core#509; Mailgun; ClickDimensions).
  const bareMozilla = ua === 'Mozilla/5.0';
  if (bareMozilla && isAppleRelayIp(hit.ip)) {
    return hit.kind === 'open'
      ? verdict('apple_mpp', 'Apple Mail Privacy Protection prefetch (Private Relay egress)')
      : verdict('prefetch', 'Apple Mail Privacy Protection fetch on a link');
  }

  const behaviour = behaviourVerdict(hit, ua, isHead);
  if (behaviour) return behaviour;

  if (hasToken) {
    const proxy = proxyVerdict(hit, ua);
    if (proxy) return proxy;
  }

  if (ua === '') return verdict('unknown', 'no User-Agent');
  if (bareMozilla) {
    // Not from a relay range we know: MPP from a range newer than our list, or a bot. Neither is
    // an open. No browser navigates with this UA, so on a link it is a bot.
    return hit.kind === 'open'
      ? verdict('unknown', "bare Mozilla/5.0 outside Apple's relay ranges")
      : verdict('bot', 'bare Mozilla/5.0 on a link (not a browser)');
  }
  // isbot flags GoogleImageProxy and bare Mozilla/5.0 too, hence last, after the rules above.
  if (isbotCached(ua)) return verdict('bot', 'crawler or bot User-Agent');

  if (BROWSER_SHAPE.test(ua) || MAIL_CLIENT.test(ua)) {
    if (hit.kind === 'click') return verdict('human', 'browser or mail app');
    for (const [pattern, name] of HUMAN_NAMES) if (pattern.test(ua)) return verdict('human', name);
    return verdict('human', 'mail client or browser');
  }
  return verdict('unknown', 'unrecognised User-Agent');
}
