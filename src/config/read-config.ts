/**
 * The only config module that touches the disk (through an injectable ConfigFs): finds the files of a
 * config set as fail2ban does (X.conf, X.d/*.conf, X.local, X.d/*.local, [INCLUDES], .local files).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { mergeIniFiles, type ConfigSet } from './config-set.js';
import { parseIni, type IniFile } from './ini.js';
import { getOption } from './interpolate.js';

/** What the reader needs from a file system. Both return null when the path does not exist. */
export interface ConfigFs {
  readFile(path: string): string | null;
  listDir(path: string): string[] | null;
}

export const nodeConfigFs: ConfigFs = {
  readFile(path) {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  },
  listDir(path) {
    try {
      return readdirSync(path);
    } catch {
      return null;
    }
  },
};

/** Reads and caches parsed files; one reader can serve a whole config load. */
export interface ConfigReader {
  readonly fs: ConfigFs;
  /** Read set `name` under confDir: `jail`, `fail2ban`, `filter.d/sshd`, `action.d/iptables`. */
  readSet(confDir: string, name: string): ConfigSet;
  /** Read one explicit file with its includes and its `.local` (fail2ban-regex on a foreign file). */
  readFile(path: string): ConfigSet;
}

export function createConfigReader(fs: ConfigFs = nodeConfigFs): ConfigReader {
  const cache = new Map<string, IniFile | null>();
  const parse = (path: string): IniFile | null => {
    if (!cache.has(path)) {
      const text = fs.readFile(path);
      cache.set(path, text === null ? null : parseIni(text, path));
    }
    return cache.get(path) ?? null;
  };
  return {
    fs,
    readSet: (confDir, name) => readSet({ fs, parse }, confDir, name),
    readFile: (path) => readFiles({ fs, parse }, [path], []),
  };
}

interface Io {
  readonly fs: ConfigFs;
  parse(path: string): IniFile | null;
}

/** The top-level files of a set, existing ones only, in fail2ban's order. */
function setFiles(io: Io, confDir: string, name: string): string[] {
  const base = join(confDir, name);
  const dropIns = (ext: string): string[] =>
    (io.fs.listDir(`${base}.d`) ?? [])
      .filter((file) => file.endsWith(ext) && !file.startsWith('.'))
      .sort()
      .map((file) => join(`${base}.d`, file));
  const candidates = [`${base}.conf`, ...dropIns('.conf'), `${base}.local`, ...dropIns('.local')];
  return candidates.filter((path) => io.parse(path) !== null);
}

function readSet(io: Io, confDir: string, name: string): ConfigSet {
  if (io.fs.listDir(confDir) === null) {
    return mergeIniFiles([], [missing(confDir, 'configuration directory does not exist')]);
  }
  const files = setFiles(io, confDir, name);
  if (files.length === 0) {
    return mergeIniFiles([], [missing(join(confDir, `${name}.conf`), `no ${name}.conf or ${name}.local found`)]);
  }
  return readFiles(io, files, []);
}

function readFiles(io: Io, files: readonly string[], errors: ConfigError[]): ConfigSet {
  if (files.length === 1 && io.parse(files[0]) === null) {
    return mergeIniFiles([], [missing(files[0], 'file not found')]);
  }
  const order = expandIncludes(io, files, [], errors);
  const parsed = order.map((path) => io.parse(path)).filter((file): file is IniFile => file !== null);
  return mergeIniFiles(dedupeErrors(parsed), errors);
}

/** Errors of a file read twice (included twice) are reported once. */
function dedupeErrors(files: readonly IniFile[]): IniFile[] {
  const seen = new Set<IniFile>();
  return files.map((file) => {
    if (!seen.has(file)) {
      seen.add(file);
      return file;
    }
    return { ...file, errors: [] };
  });
}

/** Each file followed by its `.local` (when it exists and is not listed already). */
function withLocals(io: Io, files: readonly string[]): string[] {
  const out: string[] = [];
  for (const file of files) {
    out.push(file);
    const local = file.replace(/\.[^./]*$/, '') + '.local';
    if (local !== file && !files.includes(local) && io.parse(local) !== null) out.push(local);
  }
  return out;
}

function expandIncludes(io: Io, files: readonly string[], seen: readonly string[], errors: ConfigError[]): string[] {
  return withLocals(io, files).flatMap((file) => includeTree(io, file, seen, errors));
}

/** [before includes..., file, after includes...], recursively; a file never includes its ancestors. */
function includeTree(io: Io, file: string, seen: readonly string[], errors: ConfigError[]): string[] {
  const parsed = io.parse(file);
  if (parsed === null) return [];
  const lists = { before: [] as string[], after: [] as string[] };
  if (parsed.sections.has('INCLUDES')) {
    for (const key of ['before', 'after'] as const) {
      for (const target of includeTargets(parsed, key, errors)) {
        const path = isAbsolute(target) ? target : join(dirname(file), target);
        if (seen.includes(path) || path === file) continue;
        lists[key].push(...expandIncludes(io, [path], [...seen, file], errors));
      }
    }
  }
  return [...lists.before, file, ...lists.after];
}

function includeTargets(parsed: IniFile, key: 'before' | 'after', errors: ConfigError[]): string[] {
  const set = mergeIniFiles([{ ...parsed, errors: [] }]);
  const value = getOption({ set, section: 'INCLUDES' }, key);
  if (value === undefined) return [];
  if (!value.ok) {
    errors.push(value.error);
    return [];
  }
  return value.value.split('\n').map((line) => line.trim()).filter((line) => line !== '');
}

function missing(file: string, message: string): ConfigError {
  return new ConfigError('ERR_CONFIG_MISSING', { file }, message);
}

/** `/etc/fail2ban/filter.d/sshd.conf` -> `sshd`. */
export function configName(path: string): string {
  return basename(path).replace(/\.(conf|local)$/, '');
}
