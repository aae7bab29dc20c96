/**
 * How long each kind of stored data is kept. The maintenance crons enforce these figures and the
 * privacy policy (GET /privacy, PRIVACY.md) quotes them, so the two cannot disagree.
 */
const DAY_MS = 86_400_000;

/**
 * An account's retention of its hits' user agents and networks unless an admin sets another:
 * migration 0003 makes it accounts.retention_days' default (the privacy test holds them equal).
 */
export const DEFAULT_RETENTION_DAYS = 30;
/** The IPs a sender's extension calls from, kept whole to recognise their own opens and clicks. */
export const SENDER_IP_KEEP_MS = 30 * DAY_MS;
/** A "viewing now" report explains a hit within seconds of it. */
export const VIEWING_BEACON_KEEP_MS = DAY_MS;
/** Parked longer than this, a hit keeps only its IP's network, as stored hits do. */
export const PARKED_WHOLE_IP_MS = DAY_MS;
/** Parked longer than this (the default retention of raw signals), a hit that still fails is dropped. */
export const PARKED_MAX_MS = DEFAULT_RETENTION_DAYS * DAY_MS;
/** Failed API authentications of a network are counted in windows this long, then deleted by the cron. */
export const AUTH_FAILURE_WINDOW_MS = 10 * 60_000;
