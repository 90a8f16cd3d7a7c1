/**
 * `<tag>` substitution between the options of a filter or action, with fail2ban's rules: nested tags
 * (`<mdre-<mode>>`), conditional `tag?family=inet6` lookups, unknown tags kept (`<HOST>` survives).
 */

/** A tag is `<name>` where name has no space and no angle bracket. */
const TAG = /<([^ <>]+)>/g;

/** How often one tag may be replaced inside one value before it counts as a loop. */
export const MAX_TAG_REPLACE_COUNT = 25;

export interface TagOptions {
  /** e.g. `family=inet6`: `<x>` first tries the option `x?family=inet6`. */
  readonly conditional?: string;
  /** Options neither substituted nor used as replacements. */
  readonly ignore?: ReadonlySet<string>;
  /** Fallback for tags that are not options (e.g. `<lt_file/__prefix_line>`); null = unknown. */
  readonly lookup?: (tag: string) => string | null;
}

export type TagResult =
  | { readonly ok: true; readonly values: Map<string, string> }
  | { readonly ok: false; readonly tag: string; readonly found: string; readonly message: string };

/** Substitute tags in every value until nothing changes. The input map is not modified. */
export function substituteTags(input: ReadonlyMap<string, string>, options: TagOptions = {}): TagResult {
  const values = new Map(input);
  const ignore = options.ignore ?? new Set<string>();
  const done = new Set<string>();
  const counts = new Map<string, Map<string, number>>();
  for (;;) {
    let again = false;
    for (const [name, original] of values) {
      if (ignore.has(name) || done.has(name)) continue;
      const result = substituteOne(name, original, values, { ...options, ignore }, counts.get(name) ?? new Map());
      if (!result.ok) return result;
      if (result.value !== original) {
        if (hasTag(result.value)) {
          counts.set(name, result.counts);
          again = true;
        }
        values.set(name, result.value);
      }
      if (!result.value.includes('<')) done.add(name);
    }
    if (!again) return { ok: true, values };
  }
}

type OneResult =
  | { ok: true; value: string; counts: Map<string, number> }
  | { ok: false; tag: string; found: string; message: string };

function substituteOne(
  name: string,
  original: string,
  values: ReadonlyMap<string, string>,
  options: TagOptions & { ignore: ReadonlySet<string> },
  counts: Map<string, number>,
): OneResult {
  let value = original;
  let from = 0;
  for (let match = findTag(value, from); match !== null; match = findTag(value, from)) {
    const tag = match.tag;
    from = match.end;
    if (options.ignore.has(tag)) continue;
    if (tag === name || (counts.get(tag) ?? 1) > MAX_TAG_REPLACE_COUNT) {
      const message = tag === name
        ? `option ${name} refers to itself through <${tag}>`
        : `tag <${tag}> is replaced more than ${MAX_TAG_REPLACE_COUNT} times in option ${name} (recursive definitions)`;
      return { ok: false, tag: name, found: tag, message };
    }
    const replacement = replacementFor(tag, values, options);
    if (replacement === null) continue;
    value = value.split(`<${tag}>`).join(replacement);
    counts.set(tag, (counts.get(tag) ?? 0) + 1);
    from = match.start;
  }
  return { ok: true, value, counts };
}

function replacementFor(tag: string, values: ReadonlyMap<string, string>, options: TagOptions): string | null {
  if (options.conditional) {
    const conditional = values.get(`${tag}?${options.conditional}`);
    if (conditional !== undefined) return conditional;
  }
  return values.get(tag) ?? options.lookup?.(tag) ?? null;
}

function findTag(value: string, from: number): { tag: string; start: number; end: number } | null {
  TAG.lastIndex = from;
  const match = TAG.exec(value);
  return match === null ? null : { tag: match[1], start: match.index, end: match.index + match[0].length };
}

export function hasTag(value: string): boolean {
  return /<[^ <>]+>/.test(value);
}

