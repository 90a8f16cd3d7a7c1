/**
 * Reads back warden's table from nft's JSON listings (`list sets inet`, `list chains inet`, and
 * `-a list chain` for rule handles) and says what of one jail's state is there.
 */
import type { NftPlan } from './nft-options.js';

export interface TableState {
  /** Every set in the table. */
  readonly sets: readonly string[];
  /** Sets of other jails (keep the table while any is left). */
  readonly otherSets: readonly string[];
  readonly chainPresent: boolean;
  /** Handles of this jail's rules in the base chain (found by their comment). */
  readonly ownRuleHandles: readonly number[];
}

interface Named {
  readonly family: string;
  readonly table: string;
  readonly name: string;
}

interface NftObject {
  readonly set?: Named;
  readonly chain?: Named;
  readonly rule?: { readonly family: string; readonly table: string; readonly chain: string; readonly handle: number; readonly comment?: string };
}

/** The objects of one or more `nft -j` outputs. */
export function nftObjects(...outputs: readonly string[]): NftObject[] {
  return outputs.flatMap((json) => (json.trim() === '' ? [] : (JSON.parse(json) as { nftables?: NftObject[] }).nftables ?? []));
}

/** null when warden's table holds neither a set nor a chain (absent, for our purposes). */
export function parseTableState(objects: readonly NftObject[], plan: NftPlan): TableState | null {
  const ours = (o: { family: string; table: string }): boolean => o.family === 'inet' && o.table === plan.table;
  const sets: string[] = [];
  const ownRuleHandles: number[] = [];
  let chainPresent = false;
  let any = false;
  for (const o of objects) {
    if (o.set !== undefined && ours(o.set)) sets.push(o.set.name);
    if (o.chain !== undefined && ours(o.chain)) {
      any = true;
      if (o.chain.name === plan.chain) chainPresent = true;
    }
    const rule = o.rule;
    if (rule !== undefined && ours(rule) && rule.chain === plan.chain && rule.comment === plan.comment) ownRuleHandles.push(rule.handle);
  }
  if (!any && sets.length === 0) return null;
  const own = new Set([plan.set4, plan.set6]);
  return { sets, otherSets: sets.filter((s) => !own.has(s)), chainPresent, ownRuleHandles };
}

/** Rule handles are only needed (and only fetched: that listing costs ~0.7 s per 100 000 elements) when the jail's sets exist. */
export function needsRuleListing(state: TableState | null, plan: NftPlan): boolean {
  return state !== null && state.chainPresent && (state.sets.includes(plan.set4) || state.sets.includes(plan.set6));
}

/** True when this jail's sets, the base chain and exactly its rules are in place. */
export function isComplete(state: TableState | null, plan: NftPlan): boolean {
  return (
    state !== null &&
    state.chainPresent &&
    state.sets.includes(plan.set4) &&
    state.sets.includes(plan.set6) &&
    state.ownRuleHandles.length === plan.rules.length
  );
}
