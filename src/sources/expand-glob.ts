/**
 * Expands a `logpath` glob to the regular files it names now (sorted), like Python's glob.glob:
 * directories and dangling symlinks are skipped. Also gives the directory to watch for new matches.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hasGlobChars, parseGlob, segmentMatches } from './glob-pattern.js';

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

function isDir(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

export function expandGlob(pattern: string): string[] {
  if (!hasGlobChars(pattern)) return isFile(pattern) ? [pattern] : [];
  const segments = parseGlob(pattern);
  let bases = [pattern.startsWith('/') ? '/' : '.'];
  segments.forEach((seg, i) => {
    const last = i === segments.length - 1;
    const next: string[] = [];
    for (const base of bases) {
      const names = 'literal' in seg ? [seg.literal] : listDir(base).filter((n) => segmentMatches(seg, n)).sort();
      for (const name of names) {
        const path = base === '.' && !pattern.startsWith('./') ? name : join(base, name);
        if (last ? isFile(path) : isDir(path)) next.push(path);
      }
    }
    bases = next;
  });
  return bases;
}

/** The deepest directory of the pattern before its first wildcard segment. */
export function globRoot(pattern: string): string {
  const parts = pattern.split('/');
  const first = parts.findIndex((p) => hasGlobChars(p));
  const fixed = parts.slice(0, first < 0 ? parts.length - 1 : first).join('/');
  return fixed === '' ? (pattern.startsWith('/') ? '/' : '.') : fixed;
}
