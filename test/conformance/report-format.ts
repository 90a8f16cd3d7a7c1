/**
 * Text output of a conformance run: the headline figure, per-filter totals, and the disagreements.
 */
import type { ConformanceResult, Disagreement } from './run-samples.js';

/** `A/N lines agree (P%)`, N = annotated lines some option set applies to. */
export function agreementRatio(r: ConformanceResult): number {
  const judged = r.agree + r.disagree;
  return judged === 0 ? 0 : r.agree / judged;
}

export function formatFigure(label: string, r: ConformanceResult): string {
  const pct = (agreementRatio(r) * 100).toFixed(1);
  const skipped = r.skipped > 0 ? `, ${r.skipped} skipped` : '';
  return `${label}: ${r.agree}/${r.agree + r.disagree} lines agree (${pct}%)${skipped}`;
}

export function formatDisagreement(d: Disagreement): string {
  const lines = [`${d.filter} ${d.file}:${d.lineNo} [${d.optionSet}] ${d.reason}`, `    line: ${d.line}`,
    `    expected: ${JSON.stringify(d.expected)}`];
  if (d.got !== null) {
    const got = d.got.failures.map((f) => `#${f.regex} id=${f.id}${f.nofail ? ' nofail' : ''} time=${f.time} ${JSON.stringify(f.fields)}`);
    lines.push(`    got: ${d.got.kind}${got.length > 0 ? `\n      ${got.join('\n      ')}` : ''}`);
  }
  for (const r of d.regexes ?? []) lines.push(`    ${r}`);
  return lines.join('\n');
}

/** Per-filter totals of the filters that do not fully agree, worst first. */
export function formatFilterTable(r: ConformanceResult): string[] {
  return r.byFilter.filter((f) => f.disagree > 0)
    .sort((a, b) => b.disagree - a.disagree || a.filter.localeCompare(b.filter))
    .map((f) => `  ${f.filter.padEnd(28)} ${String(f.agree).padStart(4)}/${f.agree + f.disagree} agree${f.skipped ? `, ${f.skipped} skipped` : ''}`);
}

/** Everything a person needs after a run, as lines. */
export function formatReport(label: string, r: ConformanceResult, opts: { maxDisagreements?: number } = {}): string[] {
  const out = [formatFigure(label, r)];
  const fullyAgreeing = r.byFilter.filter((f) => f.disagree === 0).length;
  out.push(`filters: ${r.byFilter.length} run, ${fullyAgreeing} fully agree`);
  const table = formatFilterTable(r);
  if (table.length > 0) out.push('filters with disagreements:', ...table);
  if (r.problems.length > 0) out.push(`problems (${r.problems.length}):`, ...r.problems.map((p) => `  ${p.filter}: ${p.message}`));
  const unsupported = Object.entries(r.unsupported);
  if (unsupported.length > 0) out.push('unsupported constraints:', ...unsupported.map(([e, n]) => `  ${e} (${n})`));
  if (r.uncoveredRegex.length > 0) {
    out.push(`failregexes without a matching sample (${r.uncoveredRegex.length}):`,
      ...r.uncoveredRegex.map((u) => `  ${u.optionSet} #${u.regex}: ${u.text}`));
  }
  const max = opts.maxDisagreements ?? Infinity;
  if (r.disagreements.length > 0) {
    out.push(`disagreements (${r.disagreements.length}${r.disagreements.length > max ? `, first ${max}` : ''}):`);
    for (const d of r.disagreements.slice(0, max)) out.push(formatDisagreement(d));
  }
  return out;
}
