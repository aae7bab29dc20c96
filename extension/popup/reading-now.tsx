import { browser } from '#imports';
import { useEffect, useState } from 'preact/hooks';
import type { TrackingEvent } from '../../shared/schemas/events.ts';
import { isLiveEventMessage } from '../messages.ts';
import { t } from '../ui/i18n.ts';

/** A person's open this recent means they are most likely still reading. */
export const READING_NOW_MS = 3 * 60_000;

/** Whether a message's events show a reliable open in the last few minutes. */
export function isReadingNow(events: readonly Pick<TrackingEvent, 'kind' | 'reliable' | 'at'>[], now: number): boolean {
  return events.some((event) => event.kind === 'open' && event.reliable && now - Date.parse(event.at) <= READING_NOW_MS);
}

/** The current time, refreshed every `everyMs`, so that a badge goes away when it stops being true. */
function useNow(everyMs: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** "Reading now" beside a message someone opened in the last few minutes. */
export function ReadingNow({ events }: { events: readonly TrackingEvent[] }) {
  const now = useNow(15_000);
  return isReadingNow(events, now) ? <strong class="reading-now">{t('stream.readingNow')}</strong> : null;
}

/** Calls `onEvent` with each event the background's stream pushes while this page is open. */
export function useLiveEvents(onEvent: (event: TrackingEvent) => void): void {
  useEffect(() => {
    const listener = (message: unknown) => {
      if (isLiveEventMessage(message)) onEvent(message.event);
      return undefined;
    };
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  }, []);
}
