import * as v from 'valibot';

/** The webmail clients the extension hooks, by the name the adapters and reports use. */
export const MAIL_CLIENTS = ['gmail', 'outlook'] as const;
export type MailClient = (typeof MAIL_CLIENTS)[number];

/**
 * What a compose must show for the extension to track it: the body, the Send control and the
 * recipient fields. When one cannot be found the message goes out untracked and this is reported.
 */
export const LANDMARKS = ['body', 'send', 'recipients'] as const;
export type Landmark = (typeof LANDMARKS)[number];

/** `POST /api/landmark-failures`: a compose whose landmarks the extension could not find. */
export const landmarkFailureSchema = v.strictObject({
  client: v.picklist(MAIL_CLIENTS, 'The client is "gmail" or "outlook".'),
  landmarks: v.pipe(
    v.array(v.picklist(LANDMARKS, 'A landmark is "body", "send" or "recipients".')),
    v.minLength(1, 'Name at least one missing landmark.'),
    v.check((landmarks) => new Set(landmarks).size === landmarks.length, 'Each landmark appears once.'),
  ),
  /** The webmail's own build label, as its page shows it; null when it shows none we can read. */
  build: v.nullable(v.pipe(v.string(), v.maxLength(120, 'A build label has at most 120 characters.'), v.regex(/^[\x21-\x7e]+$/, 'A build label is printable ASCII without spaces.'))),
});

export type LandmarkFailure = v.InferOutput<typeof landmarkFailureSchema>;

/** When a client's landmarks last failed, as `GET /health` and the admin API show it. */
export interface LandmarkHealth {
  client: MailClient;
  lastFailedAt: string;
  landmarks: Landmark[];
  build: string | null;
}
