/**
 * Text of the `nft -f -` transactions of the nftables action: setup, teardown, element batches.
 * Pure: every function returns lines; the action joins them and runs them as ONE transaction.
 */
import type { NftPlan } from './nft-options.js';
import type { TableState } from './nft-listing.js';

/** Elements per `add/delete element` statement: keeps lines short, costs nothing measurable. */
export const CHUNK = 2000;

/** One set element to add: the address and its kernel timeout in seconds (null = permanent). */
export interface Element {
  readonly ip: string;
  readonly family: 4 | 6;
  readonly timeout: number | null;
}

/**
 * nft 1.0.6 rejects a plain seconds count above about 10^7 (`315360000s`: "value too large") but
 * takes the same span written with days, so timeouts are always written as `1d2h3m4s`.
 */
export function formatTimeout(seconds: number): string {
  let rest = Math.max(1, Math.ceil(seconds));
  const parts: string[] = [];
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  if (rest > 0 || parts.length === 0) parts.push(`${rest}s`);
  return parts.join('');
}

function chunked(verb: string, target: string, items: readonly string[]): string[] {
  const lines: string[] = [];
  for (let i = 0; i < items.length; i += CHUNK) {
    lines.push(`${verb} element ${target} { ${items.slice(i, i + CHUNK).join(', ')} }`);
  }
  return lines;
}

function bySet(plan: NftPlan, elements: readonly Element[]): [string, Element[]][] {
  const v4 = elements.filter((e) => e.family === 4);
  const v6 = elements.filter((e) => e.family === 6);
  return [[`inet ${plan.table} ${plan.set4}`, v4], [`inet ${plan.table} ${plan.set6}`, v6]];
}

/**
 * Adds elements with their timeouts. `replace`: the element may already be in the set (a re-ban);
 * `add` of an existing element keeps its old timeout on older kernels and `delete` of a missing one
 * fails the whole transaction, so each element is first added bare, deleted, then added with its
 * timeout: valid whether or not it was there. Without `replace` (restore into a fresh set) only the
 * last step runs.
 */
export function addElementsScript(plan: NftPlan, elements: readonly Element[], replace: boolean): string[] {
  const lines: string[] = [];
  for (const [target, list] of bySet(plan, elements)) {
    if (list.length === 0) continue;
    const ips = list.map((e) => e.ip);
    if (replace) lines.push(...chunked('add', target, ips), ...chunked('delete', target, ips));
    const timed = list.map((e) => (e.timeout === null ? e.ip : `${e.ip} timeout ${formatTimeout(e.timeout)}`));
    lines.push(...chunked('add', target, timed));
  }
  return lines;
}

/**
 * Removes elements. An element may be gone already (its kernel timeout ran out); `destroy element`
 * does not exist in nft 1.0.6, so each one is added bare first, making the delete always valid.
 */
export function deleteElementsScript(plan: NftPlan, elements: readonly Element[]): string[] {
  const lines: string[] = [];
  for (const [target, list] of bySet(plan, elements)) {
    if (list.length === 0) continue;
    const ips = list.map((e) => e.ip);
    lines.push(...chunked('add', target, ips), ...chunked('delete', target, ips));
  }
  return lines;
}

/**
 * Creates the table, the shared base chain, this jail's sets and rules. Idempotent: the jail's
 * existing rules (found by their comment) are replaced, so an option change takes effect.
 *
 * Why the ban holds even where the host's own ruleset accepts established traffic first: in
 * netfilter an `accept` only ends the base chain that said it; the packet still traverses every
 * other base chain registered on the input hook, and a `drop` in any of them is final. Our chain
 * sits at an early priority (default -150, before the usual `filter` 0 chains and iptables' INPUT),
 * so a banned source is dropped before the host's rules even look at it, conntrack state or not.
 */
export function setupScript(plan: NftPlan, state: TableState | null): string[] {
  const t = `inet ${plan.table}`;
  const lines = [`add table ${t}`];
  if (state === null || !state.chainPresent) {
    lines.push(`add chain ${t} ${plan.chain} { type filter hook input priority ${plan.priority}; policy accept; }`);
  }
  lines.push(
    `add set ${t} ${plan.set4} { type ipv4_addr; flags timeout; }`,
    `add set ${t} ${plan.set6} { type ipv6_addr; flags timeout; }`,
  );
  for (const handle of state?.ownRuleHandles ?? []) lines.push(`delete rule ${t} ${plan.chain} handle ${handle}`);
  for (const rule of plan.rules) lines.push(`add rule ${t} ${plan.chain} ${rule}`);
  return lines;
}

/** Removes this jail's rules and sets, and the table when no other jail has a set in it. */
export function teardownScript(plan: NftPlan, state: TableState | null): string[] {
  if (state === null) return [];
  const t = `inet ${plan.table}`;
  if (state.otherSets.length === 0) return [`delete table ${t}`];
  const lines = state.ownRuleHandles.map((h) => `delete rule ${t} ${plan.chain} handle ${h}`);
  for (const set of [plan.set4, plan.set6]) if (state.sets.includes(set)) lines.push(`delete set ${t} ${set}`);
  return lines;
}
