/** Where the pixel of a message lives. The path is `GET /o/<id>` (docs/contract.md). */
export function pixelUrl(workerUrl: string, messageId: string): string {
  return `${trimSlash(workerUrl)}/o/${messageId}`;
}

export function trimSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}
