const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?';
const CLOCK = '(\\d{1,2}):(\\d{2})\\s*([ap]m)?';
/** "Nov 30, 2026, 10:00 AM", "Dec 2, 8:00 AM" (Gmail, en-US). */
const MONTH_DAY = new RegExp(`\\b${MONTH}\\s+(\\d{1,2}),?(?:\\s+(\\d{4}),?)?\\s+${CLOCK}`, 'i');
/** "30 Nov 2026, 10:00" (Gmail, en-GB). */
const DAY_MONTH = new RegExp(`\\b(\\d{1,2})\\s+${MONTH}(?:\\s+(\\d{4}))?,?\\s+${CLOCK}`, 'i');
/** "12/1/2026 11:03 AM" (Outlook, en-US): numeric dates only beside a US clock, where they are month-first. */
const US_NUMERIC = /\b(\d{1,2})\/(\d{1,2})\/(\d{4}),?\s+(\d{1,2}):(\d{2})\s*([ap]m)\b/i;

interface Parts {
  year: number | null;
  month: number;
  day: number;
  hours: number;
  minutes: number;
}

function hours(hour: string, half: string | undefined): number {
  const h = Number(hour);
  return half ? (h % 12) + (half.toLowerCase() === 'pm' ? 12 : 0) : h;
}

function partsOf(text: string): Parts | null {
  let m = MONTH_DAY.exec(text);
  if (m) return { year: m[3] ? Number(m[3]) : null, month: MONTHS.indexOf(m[1]!.slice(0, 3).toLowerCase()), day: Number(m[2]), hours: hours(m[4]!, m[6]), minutes: Number(m[5]) };
  m = DAY_MONTH.exec(text);
  if (m) return { year: m[3] ? Number(m[3]) : null, month: MONTHS.indexOf(m[2]!.slice(0, 3).toLowerCase()), day: Number(m[1]), hours: hours(m[4]!, m[6]), minutes: Number(m[5]) };
  m = US_NUMERIC.exec(text);
  if (m) return { year: Number(m[3]), month: Number(m[1]) - 1, day: Number(m[2]), hours: hours(m[4]!, m[6]), minutes: Number(m[5]) };
  return null;
}

/**
 * A date and time as a webmail shows it, in the browser's time zone, read only in the forms that
 * cannot be misread (a month by name, or a US numeric date beside AM/PM): `Date.parse` is not
 * the same in every browser, reads "Offer 2026" as a date and "1.12.2026" as 12 January. A date
 * shown without its year is the nearest such date after `now` (a schedule choice) or before it
 * (a Sent row), give or take a day. Null for any other form (other UI languages).
 */
export function readDisplayedTime(text: string | null | undefined, yearless: 'next' | 'past', now = new Date()): Date | null {
  const parts = text ? partsOf(text) : null;
  if (!parts || parts.month < 0 || parts.day < 1 || parts.day > 31 || parts.hours > 23 || parts.minutes > 59) return null;
  const at = (year: number) => new Date(year, parts.month, parts.day, parts.hours, parts.minutes);
  if (parts.year !== null) return at(parts.year);
  const thisYear = at(now.getFullYear());
  const day = 86_400_000;
  if (yearless === 'next' && thisYear.getTime() < now.getTime() - day) return at(now.getFullYear() + 1);
  if (yearless === 'past' && thisYear.getTime() > now.getTime() + day) return at(now.getFullYear() - 1);
  return thisYear;
}
