/**
 * Finds where a rotated log file went: the uncompressed siblings logrotate leaves next to the path
 * (`path.0`, `path.1`, `path-YYYYMMDD`, `path-YYYYMMDDHH`), matched by inode.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

function isRotatedName(base: string, name: string): boolean {
  if (!name.startsWith(base) || name.length === base.length) return false;
  const rest = name.slice(base.length);
  return rest === '.0' || rest === '.1' || /^-\d{8}(\d{2})?$/.test(rest);
}

/** The sibling of `path` whose inode is `inode`, or null. */
export function findRotatedSibling(path: string, inode: string): string | null {
  const dir = dirname(path);
  const base = basename(path);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return null;
  }
  for (const name of names.filter((n) => isRotatedName(base, n)).sort().reverse()) {
    const st = statSync(join(dir, name), { bigint: true, throwIfNoEntry: false });
    if (st !== undefined && st.isFile() && st.ino.toString() === inode) return join(dir, name);
  }
  return null;
}
