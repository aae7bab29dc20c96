/**
 * Who fetches on the recipients' side: a user agent and the address it comes from (the local
 * Worker takes cf-connecting-ip as the client's, as Cloudflare sets it). Google's proxy comes
 * from Google's network, or the classifier rightly calls the UA a costume; the reader is at home,
 * not at the sender's 127.0.0.1, which the sender's own API calls come from.
 */
export const UA = {
  browser: { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', ip: '203.0.113.9' },
  gmailProxy: { userAgent: 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)', ip: '66.249.93.84' },
  scanner: { userAgent: 'Barracuda Sentinel (EE)', ip: '198.51.100.20' },
};

/** A pixel or link fetched as one of them would (redirects not followed: the 302 is the answer). */
export function hit(url: string, from: { userAgent: string; ip: string }): Promise<Response> {
  return fetch(url, { headers: { 'user-agent': from.userAgent, 'cf-connecting-ip': from.ip }, redirect: 'manual' });
}
