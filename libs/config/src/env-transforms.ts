import { Transform } from 'class-transformer';

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

/** Reads "true"/"false" (and 1/0, yes/no, on/off); anything else stays a string so validation names it. */
export function ToBoolean(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
    return value;
  });
}

/** Reads a number; a non-numeric string stays a string so validation names it. */
export function ToNumber(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string' || value.trim() === '') return value;
    const parsed = Number(value);
    return Number.isNaN(parsed) ? value : parsed;
  });
}

/**
 * Reads a list either in the seed's JSON form (`["a","b"]`) or comma separated (`a,b`).
 * Malformed JSON stays a string so validation names the variable.
 */
export function ToStringList(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    const text = value.trim();
    if (text === '') return [];
    if (!text.startsWith('[')) {
      return text
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
    }
    try {
      const parsed: unknown = JSON.parse(text);
      return Array.isArray(parsed) ? parsed : value;
    } catch {
      return value;
    }
  });
}

/** Reads a JSON value (CONDITION_BANDS); malformed JSON stays a string so validation names the variable. */
export function ToJson(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  });
}
