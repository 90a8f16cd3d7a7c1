/**
 * Single-thread runner (`--line-timeout 0`): splits and matches on the main thread. No watchdog: a
 * catastrophic regex can hang it, which is why the worker runner is the default.
 */
import type { Filter } from '../../filter/filter.js';
import { createLineDecoder } from './line-decoder.js';
import { LineSplitter } from './line-splitter.js';
import type { MatchPlan, RunHooks } from './match-plan.js';
import { MatchSession } from './match-session.js';
import type { RunStats } from './run-stats.js';

export async function runInProcess(filter: Filter, plan: MatchPlan, chunks: AsyncIterable<Buffer>, hooks: RunHooks): Promise<RunStats> {
  const session = new MatchSession(filter, createLineDecoder(plan.encoding), plan.session, new Float64Array(1));
  const splitter = new LineSplitter();
  for await (const chunk of chunks) {
    splitter.push(chunk, session);
    const out = session.takeOutput();
    if (out !== null) await hooks.output(out);
    hooks.progress(splitter.consumedBytes);
  }
  splitter.end(session);
  const out = session.takeOutput();
  if (out !== null) await hooks.output(out);
  hooks.progress(splitter.consumedBytes);
  return session.takeStats();
}
