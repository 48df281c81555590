import { ValidateBy } from 'class-validator';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** "Not in the future" for a surveyor anywhere: today in the easternmost time zone (UTC+14). */
const EARLIEST_ZONE_AHEAD_MS = 14 * 3_600_000;

/** A real calendar date (YYYY-MM-DD), from 1900 on, not later than today anywhere on Earth. */
export function isSurveyDate(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) return false;
  const latestToday = new Date(Date.now() + EARLIEST_ZONE_AHEAD_MS).toISOString().slice(0, 10);
  return Number(match[1]) >= 1900 && value <= latestToday;
}

export function IsSurveyDate(): PropertyDecorator {
  return ValidateBy({
    name: 'isSurveyDate',
    validator: {
      validate: isSurveyDate,
      defaultMessage: () => '$property must be a date YYYY-MM-DD, from 1900 on and not in the future',
    },
  });
}
