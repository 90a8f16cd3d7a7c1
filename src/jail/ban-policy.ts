/**
 * How long a new ban lasts (bantime, bantime.increment: multipliers or formula, maxtime, rndtime) and
 * how much a failure of a known-bad ip weighs, as fail2ban's observer computes them. Pure.
 */
import type { BantimeIncrementSpec } from '../config/jail-spec.js';
import { compileBanFormula, DEFAULT_BAN_FORMULA, type BanFormula } from './ban-formula.js';

export interface BanPolicy {
  /** Seconds for a new ban of an ip that was banned `earlierBans` times before; -1 = permanent. */
  bantime(earlierBans: number, random: () => number): number;
  /** How many failures one failure counts as, for an ip banned `earlierBans` times before. */
  failureWeight(earlierBans: number): number;
  /** Whether bantime.increment is on (the ban history is worth looking up). */
  readonly increment: boolean;
}

export interface BanPolicySettings {
  readonly bantime: number;
  readonly maxretry: number;
  readonly bantimeIncrement: BantimeIncrementSpec;
}

/** Build the policy; a bad formula is reported and fail2ban's default formula is used instead. */
export function createBanPolicy(settings: BanPolicySettings): { policy: BanPolicy; problems: string[] } {
  const spec = settings.bantimeIncrement;
  const problems: string[] = [];
  let formula = defaultFormula();
  if (spec.enabled && spec.multipliers.length === 0 && spec.formula !== null) {
    const compiled = compileBanFormula(spec.formula);
    if (compiled.ok) {
      formula = compiled.formula;
      const trial = formula.evaluate({ time: Math.max(settings.bantime, 1), count: 1, factor: spec.factor });
      if (!trial.ok) problems.push(trial.message);
    } else problems.push(compiled.message);
  }
  const policy: BanPolicy = {
    increment: spec.enabled,
    bantime: (earlierBans, random) => incrementedBantime(settings, formula, earlierBans, random),
    failureWeight: (earlierBans) => failureWeight(settings, earlierBans),
  };
  return { policy, problems };
}

function defaultFormula(): BanFormula {
  const compiled = compileBanFormula(DEFAULT_BAN_FORMULA);
  if (!compiled.ok) throw new Error(`default ban formula does not compile: ${compiled.message}`);
  return compiled.formula;
}

/**
 * fail2ban increments only a positive bantime of an ip with earlier bans; the increment is
 * multipliers[count] (the last one repeats) × factor, else max(bantime, formula); then maxtime caps
 * it and rndtime adds random()×rndtime. A formula failing at run time leaves the base bantime.
 */
function incrementedBantime(settings: BanPolicySettings, formula: BanFormula, earlierBans: number, random: () => number): number {
  const base = settings.bantime;
  const spec = settings.bantimeIncrement;
  if (base < 0) return -1;
  if (!spec.enabled || base === 0 || earlierBans <= 0) return base;
  let seconds: number;
  if (spec.multipliers.length > 0) {
    const index = Math.min(earlierBans, spec.multipliers.length - 1);
    seconds = base * spec.factor * spec.multipliers[index];
  } else {
    const result = formula.evaluate({ time: base, count: earlierBans, factor: spec.factor });
    if (!result.ok) return base;
    seconds = Math.max(base, result.value);
  }
  if (spec.maxTime !== null) seconds = Math.min(seconds, spec.maxTime);
  if (spec.rndTime !== null) seconds += random() * spec.rndTime;
  return seconds;
}

/** fail2ban's boost for repeat offenders: min(2^count / 2 + 1, maxretry), 1 without increment. */
function failureWeight(settings: BanPolicySettings, earlierBans: number): number {
  if (!settings.bantimeIncrement.enabled || earlierBans <= 0) return 1;
  const boost = 2 ** Math.min(earlierBans, 20) / 2 + 1;
  return Math.max(1, Math.min(boost, settings.maxretry));
}
