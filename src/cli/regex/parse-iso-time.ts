/**
 * `--now` values: ISO-8601 date or date-time, with or without a zone (`Z`, `+01:00`, `+0100`, `+01`).
 * Without a zone the time is local (the process time zone). Returns unix seconds, or null if invalid.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function zoneOffsetMinutes(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
}

interface Fields {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  frac: number;
}

function inRange(f: Fields): boolean {
  const daysInMonth = new Date(Date.UTC(f.y, f.mo, 0)).getUTCDate();
  return f.mo >= 1 && f.mo <= 12 && f.d >= 1 && f.d <= daysInMonth && f.h <= 23 && f.mi <= 59 && f.s <= 59;
}

export function parseIsoTime(text: string): number | null {
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const f: Fields = {
    y: Number(m[1]),
    mo: Number(m[2]),
    d: Number(m[3]),
    h: Number(m[4] ?? 0),
    mi: Number(m[5] ?? 0),
    s: Number(m[6] ?? 0),
    frac: m[7] === undefined ? 0 : Number(`0.${m[7]}`),
  };
  if (!inRange(f)) return null;
  if (m[8] !== undefined) {
    const utc = Date.UTC(f.y, f.mo - 1, f.d, f.h, f.mi, f.s) / 1000;
    return utc - zoneOffsetMinutes(m[8]) * 60 + f.frac;
  }
  const local = new Date(2000, 0, 1, 0, 0, 0, 0);
  local.setFullYear(f.y, f.mo - 1, f.d);
  local.setHours(f.h, f.mi, f.s, 0);
  return local.getTime() / 1000 + f.frac;
}
