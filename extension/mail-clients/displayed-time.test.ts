import { describe, expect, it } from 'vitest';
import { readDisplayedTime } from './displayed-time.ts';

describe('dates as webmails show them', () => {
  const now = new Date(2026, 11, 1, 11, 0); // 1 December 2026, 11:00 local

  it.each([
    ['Gmail, en-US, with the year', 'Mon, Nov 30, 2026, 10:00 AM', new Date(2026, 10, 30, 10, 0)],
    ['Gmail, en-GB', 'Mon 30 Nov 2026, 10:00', new Date(2026, 10, 30, 10, 0)],
    ['Outlook, en-US', 'Tue 12/1/2026 11:03 AM', new Date(2026, 11, 1, 11, 3)],
    ['Outlook, en-US, evening', 'Mon 11/30/2026 9:05 PM', new Date(2026, 10, 30, 21, 5)],
    ['a full month name', 'December 24, 2026, 6:15 PM', new Date(2026, 11, 24, 18, 15)],
  ])('reads %s', (_, text, expected) => {
    expect(readDisplayedTime(text, 'past', now)).toEqual(expected);
  });

  it('puts a date without its year before now for a Sent row, after now for a schedule', () => {
    expect(readDisplayedTime('Dec 24, 9:00 AM', 'past', now)).toEqual(new Date(2025, 11, 24, 9, 0));
    expect(readDisplayedTime('Dec 24, 9:00 AM', 'next', now)).toEqual(new Date(2026, 11, 24, 9, 0));
    expect(readDisplayedTime('Nov 2, 9:00 AM', 'next', now)).toEqual(new Date(2027, 10, 2, 9, 0));
    // Today, a little later: still today for both (clocks and time zones differ by hours, not days).
    expect(readDisplayedTime('Dec 1, 3:00 PM', 'past', now)).toEqual(new Date(2026, 11, 1, 15, 0));
  });

  it.each([
    ['a subject with a year', 'Offer 2026'],
    ['a day-first numeric date', 'Di 1.12.2026 11:03'],
    ['a numeric date without AM/PM', 'Tue 01/12/2026 11:03'],
    ['another language', 'mar. 1 déc. 2026 11:03'],
    ['no time', 'Nov 30, 2026'],
    ['an impossible clock', 'Nov 30, 2026, 25:00'],
    ['nothing', ''],
  ])('leaves %s unread', (_, text) => {
    expect(readDisplayedTime(text, 'past', now)).toBeNull();
  });
});
