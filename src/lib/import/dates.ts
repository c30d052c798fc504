/**
 * Dates as import files write them. LinkedIn writes "26 Jul 2025" (English month names whatever the member's
 * language); other tools write ISO "2025-07-26". A date is a day, so it becomes 00:00 UTC of that day.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function utcDay(year: number, month: number, day: number): number | undefined {
  if (year < 1900 || year > 2200 || month < 0 || month > 11 || day < 1 || day > 31) return undefined;
  const time = Date.UTC(year, month, day);
  // Date.UTC rolls 31 Feb over into March; a day that does not exist is not a date.
  return new Date(time).getUTCDate() === day ? time : undefined;
}

// A file has a few thousand distinct days at most, repeated over its rows: parse each once.
const cache = new Map<string, number | undefined>();

export function parseImportDate(value: string): number | undefined {
  if (cache.has(value)) return cache.get(value);
  const parsed = parseDate(value);
  if (cache.size > 20_000) cache.clear();
  cache.set(value, parsed);
  return parsed;
}

function parseDate(value: string): number | undefined {
  const text = value.trim();
  if (!text) return undefined;
  const dayMonthYear = /^(\d{1,2})[\s-]([A-Za-z]{3,9})\.?[\s-](\d{4})$/.exec(text);
  if (dayMonthYear) {
    const [, day, month, year] = dayMonthYear;
    return utcDay(Number(year), MONTHS.indexOf((month ?? '').slice(0, 3).toLowerCase()), Number(day));
  }
  const monthDayYear = /^([A-Za-z]{3,9})\.?\s(\d{1,2}),?\s(\d{4})$/.exec(text);
  if (monthDayYear) {
    const [, month, day, year] = monthDayYear;
    return utcDay(Number(year), MONTHS.indexOf((month ?? '').slice(0, 3).toLowerCase()), Number(day));
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(text);
  if (iso) {
    const [, year, month, day] = iso;
    return utcDay(Number(year), Number(month) - 1, Number(day));
  }
  return undefined;
}
