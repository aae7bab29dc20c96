import { classifyHit, type HitSignals } from './classify.ts';

/**
 * A realistic mix of hits for one busy sender: mostly Gmail proxy opens, browser clicks in many
 * versions, Apple MPP prefetches (IPv4 and IPv6), Outlook, scanners and the odd bot. Browser
 * versions vary so that the isbot cache sees a spread of UAs, as it would in production.
 */
function mixedHits(): HitSignals[] {
  const hits: HitSignals[] = [];
  const hit = (fields: Partial<HitSignals>): HitSignals => ({
    kind: 'open',
    method: 'GET',
    userAgent: '',
    ip: '73.15.2.4',
    asn: 7922,
    secondsAfterSend: 3600,
    senderViewing: false,
    senderIps: ['198.51.100.7'],
    ...fields,
  });
  for (let version = 100; version < 132; version++) {
    const chrome = `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${version}.0.0.0 Safari/537.36`;
    const safari = `Mozilla/5.0 (iPhone; CPU iPhone OS 17_${version % 7} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.${version % 7} Mobile/15E148 Safari/604.1`;
    const firefox = `Mozilla/5.0 (X11; Linux x86_64; rv:${version}.0) Gecko/20100101 Firefox/${version}.0`;
    hits.push(
      hit({ kind: 'click', userAgent: chrome, ip: `73.15.${version}.4`, secondsAfterSend: 700 + version }),
      hit({ kind: 'click', userAgent: safari, ip: `2601:646:8d01:${version.toString(16)}::1`, asn: 7922 }),
      hit({ kind: 'click', userAgent: firefox, ip: `81.2.69.${version}`, asn: 3320 }),
      hit({ userAgent: 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)', ip: `66.249.93.${version % 256}`, asn: 15169 }),
      hit({ userAgent: 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)', ip: `66.102.7.${version % 256}`, asn: 15169, secondsAfterSend: 40 }),
      hit({ userAgent: 'Mozilla/5.0', ip: `104.28.66.${version % 64}`, asn: 36183 }),
      hit({ userAgent: 'Mozilla/5.0', ip: `2a02:26f7:b389:a5${(version % 256).toString(16).padStart(2, '0')}::7`, asn: 36183 }),
      hit({ userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)', ip: `24.5.${version}.9` }),
    );
  }
  hits.push(
    hit({ userAgent: 'Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 10.0; WOW64; Trident/7.0; .NET4.0C; .NET4.0E; Microsoft Outlook 16.0.9126; ms-office; MSOffice 16)' }),
    hit({ userAgent: 'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.15225; Pro)' }),
    hit({ userAgent: 'Outlook-iOS/711.2304115.prod.iphone (3.26.0)' }),
    hit({ kind: 'click', userAgent: 'Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/57.0.2987.133 Safari/537.36', ip: '40.107.218.12', asn: 8075, secondsAfterSend: 4 }),
    hit({ kind: 'click', method: 'HEAD', userAgent: '', ip: '104.47.11.126', asn: 8075, secondsAfterSend: 3 }),
    hit({ kind: 'click', userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/42.0.2311.135 Safari/537.36 Edge/12.246 Gmail-content-sampling', ip: '66.249.84.1', asn: 15169 }),
    hit({ userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/42.0.2311.135 Safari/537.36 Edge/12.246 Mozilla/5.0', ip: '108.177.2.32', asn: 15169, secondsAfterSend: 5 }),
    hit({ userAgent: 'YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html', ip: '98.137.1.2', asn: 36647 }),
    hit({ kind: 'click', userAgent: 'python-requests/2.31.0', ip: '3.5.1.2', asn: 16509 }),
    hit({ kind: 'click', userAgent: 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', ip: '157.55.39.1', asn: 8075 }),
    hit({ userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36', senderViewing: true }),
    hit({ kind: 'click', userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36', ip: '198.51.100.7' }),
  );
  return hits;
}

/** Sink for the verdicts, so the engine cannot drop the calls being timed. */
export let benchChecksum = 0;

/** Calls per second of classifyHit over `iterations` calls on the mix above (after a warm-up). */
export function benchClassify(iterations: number): number {
  const hits = mixedHits();
  let checksum = 0;
  for (let i = 0; i < 20_000; i++) checksum += classifyHit(hits[i % hits.length] as HitSignals).reason.length;
  const start = performance.now();
  for (let i = 0; i < iterations; i++) checksum += classifyHit(hits[i % hits.length] as HitSignals).reason.length;
  const elapsedMs = performance.now() - start;
  benchChecksum = checksum;
  return iterations / (elapsedMs / 1000);
}
