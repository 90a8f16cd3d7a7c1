/**
 * In-memory ConfigFs for tests and tools: a map of absolute path -> file text. Folders exist
 * implicitly as parents of files.
 */
import type { ConfigFs } from './read-config.js';

export function createMemoryFs(files: Readonly<Record<string, string>>): ConfigFs {
  const paths = Object.keys(files);
  return {
    readFile: (path) => (Object.hasOwn(files, path) ? files[path] : null),
    listDir(path) {
      const prefix = path.endsWith('/') ? path : `${path}/`;
      const names = paths.filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length).split('/')[0]);
      return names.length === 0 ? null : [...new Set(names)];
    },
  };
}
