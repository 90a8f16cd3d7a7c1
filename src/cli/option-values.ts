/**
 * Typed reads of parseArgs values (the one place option values leave their loose type).
 */
import type { OptionValue } from './command.js';

export function stringOption(values: Readonly<Record<string, OptionValue>>, name: string): string | undefined {
  const v = values[name];
  if (Array.isArray(v)) {
    const last = v[v.length - 1];
    return typeof last === 'string' ? last : undefined;
  }
  return typeof v === 'string' ? v : undefined;
}

export function flagOption(values: Readonly<Record<string, OptionValue>>, name: string): boolean {
  const v = values[name];
  return Array.isArray(v) ? v.length > 0 : v === true;
}

/** How many times a repeatable flag was given (`-vv` -> 2). */
export function countOption(values: Readonly<Record<string, OptionValue>>, name: string): number {
  const v = values[name];
  if (Array.isArray(v)) return v.length;
  return v === true ? 1 : 0;
}
