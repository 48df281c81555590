/** An OGC `datetime` parameter reduced to dates (surveys are dated by day): open ends are undefined. */
export interface DateInterval {
  desde?: string;
  hasta?: string;
}

const INSTANT = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * `2026-01-01`, `2026-01-01T10:00:00Z`, `2026-01-01/2026-06-30`, `../2026-06-30`, `2026-01-01/..`
 * (RFC 3339, as OGC API Features Part 1 §7.15.4). Undefined when malformed or inverted.
 */
export function parseOgcDatetime(raw: unknown): DateInterval | undefined {
  if (typeof raw !== 'string' || raw === '') return undefined;
  const parts = raw.split('/');
  if (parts.length > 2) return undefined;
  const ends = parts.map((part) => (part === '..' || part === '' ? null : dateOf(part)));
  if (ends.some((end) => end === undefined)) return undefined;
  if (parts.length === 1) return ends[0] ? { desde: ends[0], hasta: ends[0] } : undefined;
  const [desde, hasta] = ends as (string | null)[];
  if (desde === null && hasta === null) return {};
  if (desde && hasta && desde > hasta) return undefined;
  return { ...(desde ? { desde } : {}), ...(hasta ? { hasta } : {}) };
}

/** The UTC date of an RFC 3339 instant, or undefined. */
function dateOf(text: string): string | undefined {
  const match = INSTANT.exec(text);
  if (!match) return undefined;
  const time = new Date(match[2] ? text : `${text}T00:00:00Z`);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString().slice(0, 10);
}
