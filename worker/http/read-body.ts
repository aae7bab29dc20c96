import type { Context } from 'hono';
import { ApiError } from './errors.ts';

/**
 * Every request body the Worker reads goes through here, so that each route answers the same way
 * to whatever a client sends: a body in a media type the route takes, in any charset the runtime
 * can decode, is read; anything else is a 4xx that says why (400 unreadable, 415 not a type or
 * charset we take), never an exception that becomes a 500.
 */

/** Why a body could not be read, as the route will say it (the API's error envelope, or a page). */
export interface BodyProblem {
  ok: false;
  status: 400 | 415;
  code: 'malformed_body' | 'unsupported_media_type';
  message: string;
}

/** The media type of a Content-Type header, lower-cased, and its parameters. */
export interface ContentType {
  mediaType: string;
  charset: string | null;
  boundary: string | null;
}

export const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'] as const;
const JSON_TYPE = /^application\/([\w.-]+\+)?json$/;

export function isJsonMediaType(mediaType: string | undefined): boolean {
  return mediaType !== undefined && JSON_TYPE.test(mediaType);
}

export function parseContentType(header: string | undefined): ContentType | null {
  if (!header?.trim()) return null;
  const [type, ...parameters] = header.split(';');
  const parameter = (name: string) => {
    for (const part of parameters) {
      const at = part.indexOf('=');
      if (at < 0 || part.slice(0, at).trim().toLowerCase() !== name) continue;
      const value = part.slice(at + 1).trim();
      return value.startsWith('"') && value.endsWith('"') && value.length >= 2 ? value.slice(1, -1) : value;
    }
    return null;
  };
  return { mediaType: type!.trim().toLowerCase(), charset: parameter('charset'), boundary: parameter('boundary') };
}

function problem(status: BodyProblem['status'], message: string): BodyProblem {
  return { ok: false, status, code: status === 415 ? 'unsupported_media_type' : 'malformed_body', message };
}

/** A decoder for the declared charset (UTF-8 when none is declared), or null when there is none. */
function decoderFor(charset: string | null): TextDecoder | null {
  try {
    // fatal: bytes that are not text in that charset are refused, not silently replaced.
    return new TextDecoder(charset ?? 'utf-8', { fatal: true, ignoreBOM: false });
  } catch {
    return null;
  }
}

type Decoded = { ok: true; text: string } | BodyProblem;

function decode(bytes: Uint8Array, charset: string | null): Decoded {
  const decoder = decoderFor(charset);
  if (!decoder) return problem(415, `The charset "${charset}" is not one we can read; send UTF-8.`);
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    return problem(400, `The body is not valid ${decoder.encoding} text.`);
  }
}

function percentDecode(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  const hex = (byte: number | undefined) => (byte === undefined ? NaN : parseInt(String.fromCharCode(byte), 16));
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    const high = hex(bytes[i + 1]);
    const low = hex(bytes[i + 2]);
    if (byte === 0x25 && !Number.isNaN(high) && !Number.isNaN(low)) {
      out.push(high * 16 + low);
      i += 2;
    } else out.push(byte === 0x2b ? 0x20 : byte); // "+" is a space in a form
  }
  return Uint8Array.from(out);
}

function split(bytes: Uint8Array, separator: number): Uint8Array[] {
  const parts: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === separator) {
      parts.push(bytes.subarray(start, i));
      start = i + 1;
    }
  }
  return parts;
}

/**
 * `application/x-www-form-urlencoded` in the charset it was sent in: the percent-escapes are bytes
 * of that charset (a Latin-1 form's "%F6" is "ö"), which `URLSearchParams` would read as UTF-8.
 */
export function parseUrlEncoded(bytes: Uint8Array, charset: string | null): { ok: true; fields: URLSearchParams } | BodyProblem {
  const fields = new URLSearchParams();
  for (const pair of split(bytes, 0x26)) {
    if (pair.length === 0) continue;
    const at = pair.indexOf(0x3d);
    const name = decode(percentDecode(at < 0 ? pair : pair.subarray(0, at)), charset);
    const value = decode(percentDecode(at < 0 ? new Uint8Array() : pair.subarray(at + 1)), charset);
    if (!name.ok) return name;
    if (!value.ok) return value;
    fields.append(name.text, value.text);
  }
  return { ok: true, fields };
}

async function parseMultipart(bytes: Uint8Array, header: string): Promise<{ ok: true; fields: URLSearchParams } | BodyProblem> {
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { 'content-type': header } }).formData();
  } catch (err) {
    // The runtime's multipart parser says what is wrong (no boundary, truncated, empty).
    return problem(400, `The multipart body cannot be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  const fields = new URLSearchParams();
  // Our forms have no file inputs: a file part is not a field we read.
  form.forEach((value, name) => {
    if (typeof value === 'string') fields.append(name, value);
  });
  return { ok: true, fields };
}

async function bodyBytes(c: Context): Promise<Uint8Array> {
  return new Uint8Array(await c.req.arrayBuffer());
}

/**
 * The fields of an HTML form post, urlencoded or multipart, in any charset. An empty body with no
 * type is an empty form (the route then says which field is missing).
 */
export async function readForm(c: Context): Promise<{ ok: true; fields: URLSearchParams } | BodyProblem> {
  const header = c.req.header('content-type');
  const type = parseContentType(header);
  const bytes = await bodyBytes(c);
  if (!type) return bytes.length === 0 ? { ok: true, fields: new URLSearchParams() } : problem(415, 'Send the form as application/x-www-form-urlencoded or multipart/form-data.');
  if (type.mediaType === 'application/x-www-form-urlencoded') return parseUrlEncoded(bytes, type.charset);
  if (type.mediaType === 'multipart/form-data') return parseMultipart(bytes, header!);
  return problem(415, `A form is sent as ${FORM_TYPES.join(' or ')}, not ${type.mediaType}.`);
}

function apiError(failure: BodyProblem): ApiError {
  return new ApiError(failure.status, failure.code, failure.message);
}

/**
 * The text of a JSON body, decoded from any charset the runtime knows (JSON is UTF-8 by its RFC,
 * but a client that says otherwise is taken at its word); not JSON at all throws the API's 415.
 */
export async function readJsonText(c: Context): Promise<string> {
  const type = parseContentType(c.req.header('content-type'));
  if (!type || !isJsonMediaType(type.mediaType)) throw apiError(problem(415, 'Send the body as application/json.'));
  const text = decode(await bodyBytes(c), type.charset);
  if (!text.ok) throw apiError(text);
  return text.text;
}

/** A text body of one of `mediaTypes` (a CSV file), decoded from its charset. */
export async function readText(c: Context, mediaTypes: readonly string[]): Promise<string> {
  const type = parseContentType(c.req.header('content-type'));
  if (!type || !mediaTypes.includes(type.mediaType)) throw apiError(problem(415, `Send the body as ${mediaTypes.join(' or ')}.`));
  const text = decode(await bodyBytes(c), type.charset);
  if (!text.ok) throw apiError(text);
  return text.text;
}
