/**
 * What a matching run needs, as plain data a worker can receive: the filter definition and its
 * compile options, the encoding and the session settings. Plus the callbacks a runner reports to.
 */
import type { FilterDefinition } from '../../config/filter-definition.js';
import type { CompileOptions } from '../../filter/filter.js';
import type { SessionConfig } from './match-session.js';

export interface MatchPlan {
  readonly def: FilterDefinition;
  readonly compile: CompileOptions;
  /** Label for createLineDecoder. */
  readonly encoding: string;
  readonly session: SessionConfig;
}

export interface RunHooks {
  /** `--json` text (UTF-8), in input order. The runner waits for a returned promise (backpressure). */
  output(bytes: Uint8Array): Promise<void> | undefined;
  /** Bytes of input fully processed so far. */
  progress(bytes: number): void;
  /** A warning for stderr (a timed-out line). */
  warn(message: string): void;
  /** The filter compiled (called once, before any output); the run fails instead when it does not. */
  ready?(): void;
}
