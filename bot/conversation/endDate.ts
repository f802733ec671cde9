import { normalizeName } from '../directory/directory';
import { t, type Language } from '../i18n';

/**
 * The end date of a time-bound assignment as the admin writes it: "until 30 June", "until June 30,
 * 2027", "until 2027-06-30", "jusqu'au 30 juin", "for 3 months", "pour 2 semaines". Dates are in the
 * admin's Teams time zone (the activity's localTimezone), else UTC. A date names the last day of the
 * seat: it ends at the following midnight in that zone. Without a year, the next such day.
 */

export type EndDate =
  | { kind: 'date'; until: string; zone: string }
  | { kind: 'past'; until: string; zone: string }
  | { kind: 'invalid'; zone: string };

const MONTHS: Record<string, number> = {
  january: 1, jan: 1, janvier: 1, janv: 1,
  february: 2, feb: 2, fevrier: 2, fevr: 2, fev: 2,
  march: 3, mar: 3, mars: 3,
  april: 4, apr: 4, avril: 4, avr: 4,
  may: 5, mai: 5,
  june: 6, jun: 6, juin: 6,
  july: 7, jul: 7, juillet: 7, juil: 7,
  august: 8, aug: 8, aout: 8,
  september: 9, sep: 9, sept: 9, septembre: 9,
  october: 10, oct: 10, octobre: 10,
  november: 11, nov: 11, novembre: 11,
  december: 12, dec: 12, decembre: 12,
}; // prettier-ignore

const UNITS: Record<string, 'day' | 'week' | 'month' | 'year'> = {
  day: 'day', days: 'day', jour: 'day', jours: 'day',
  week: 'week', weeks: 'week', semaine: 'week', semaines: 'week',
  month: 'month', months: 'month', mois: 'month',
  year: 'year', years: 'year', an: 'year', ans: 'year', annee: 'year', annees: 'year',
}; // prettier-ignore

/** "… until 30 June" / "… jusqu'au 30 juin" / "… for 3 months": the clause at the end of a command. */
const CLAUSE =
  /\s+(?:until|till|through|jusqu'au|jusqu'à|jusqu'a|jusqu’au|jusqu’à)\s+(.+)$|\s+(?:for|pour|pendant)\s+(\d{1,3}\s+\S+)$/i;

/** Splits "Bob Kelly until 30 June" into the names and the end-date text, if there is one. */
export function endDateClause(text: string): { rest: string; endText?: string } {
  const match = CLAUSE.exec(text);
  if (!match) return { rest: text };
  return { rest: text.slice(0, match.index).trim(), endText: (match[1] ?? match[2]).trim() };
}

/** The time zone to read dates in: the activity's, if the runtime knows it; else UTC. */
export function usableZone(zone: string | undefined): string {
  if (!zone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
}

export function parseEndDate(text: string, now: Date, zoneName: string | undefined): EndDate {
  const zone = usableZone(zoneName);
  const today = localDate(now, zone);
  const day = lastDay(normalizeName(text).replace(/[,.]/g, ' ').replace(/\s+/g, ' ').trim(), today);
  if (!day) return { kind: 'invalid', zone };
  const until = new Date(zonedMidnight(day.y, day.m, day.d + 1, zone)).toISOString();
  return { kind: Date.parse(until) <= now.getTime() + 60_000 ? 'past' : 'date', until, zone };
}

interface Day {
  y: number;
  m: number;
  d: number;
}

function lastDay(text: string, today: Day): Day | undefined {
  const duration = /^(\d{1,3}) (\w+)$/.exec(text);
  if (duration && UNITS[duration[2]]) {
    const n = Number(duration[1]);
    const unit = UNITS[duration[2]];
    if (n === 0) return undefined;
    if (unit === 'day' || unit === 'week') return addDays(today, n * (unit === 'week' ? 7 : 1));
    return addMonths(today, unit === 'year' ? 12 * n : n);
  }
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (iso) return valid(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const slashed = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (slashed) {
    // 06/07/2027 is June in the US and July in France: only a day above 12 says which is which.
    const [a, b, y] = [Number(slashed[1]), Number(slashed[2]), Number(slashed[3])];
    if (a > 12 && b <= 12) return valid(y, b, a);
    if (b > 12 && a <= 12) return valid(y, a, b);
    return undefined;
  }
  const words = text.replace(/^(?:le|the) /, '').split(' ');
  let d: number | undefined;
  let m: number | undefined;
  let y: number | undefined;
  for (const word of words) {
    const number = /^(\d{1,4})(?:st|nd|rd|th|er)?$/.exec(word);
    if (number && number[1].length === 4 && y === undefined) y = Number(number[1]);
    else if (number && number[1].length <= 2 && d === undefined) d = Number(number[1]);
    else if (MONTHS[word] && m === undefined) m = MONTHS[word];
    else if (word !== 'of' && word !== 'de') return undefined;
  }
  if (d === undefined || m === undefined) return undefined;
  if (y !== undefined) return valid(y, m, d);
  const thisYear = valid(today.y, m, d);
  if (thisYear && compare(thisYear, today) >= 0) return thisYear;
  return valid(today.y + 1, m, d);
}

function valid(y: number, m: number, d: number): Day | undefined {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
    ? { y, m, d }
    : undefined;
}

const compare = (a: Day, b: Day) => a.y - b.y || a.m - b.m || a.d - b.d;

function addDays(day: Day, n: number): Day {
  const date = new Date(Date.UTC(day.y, day.m - 1, day.d + n));
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

/** Same day n months later; the 31st in a shorter month becomes its last day. */
function addMonths(day: Day, n: number): Day {
  const first = new Date(Date.UTC(day.y, day.m - 1 + n, 1));
  const y = first.getUTCFullYear();
  const m = first.getUTCMonth() + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { y, m, d: Math.min(day.d, last) };
}

function localDate(instant: Date, zone: string): Day {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { y: part('year'), m: part('month'), d: part('day') };
}

/** Milliseconds the zone is ahead of UTC at this instant. */
function offsetOf(instant: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant of midnight starting day y-m-d (d may overflow into the next month) in the zone. */
function zonedMidnight(y: number, m: number, d: number, zone: string): number {
  const wall = Date.UTC(y, m - 1, d);
  let instant = wall - offsetOf(wall, zone);
  instant = wall - offsetOf(instant, zone);
  return instant;
}

/** "30 June 2027 (Europe/Paris)": the last day of a seat ending at `until`, in the zone. */
export function endDateLabel(language: Language, until: string, zoneName?: string): string {
  const zone = usableZone(zoneName);
  const date = new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    timeZone: zone,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(Date.parse(until) - 1));
  return t(language, 'until.date', { date, zone });
}
