/**
 * The composition root: config -> jails, store, sources, actions, control socket. Start restores the
 * state (bans to the actions in one batch per action, counters, file positions), then follows the
 * logs. Reload keeps counters and bans of jails that stay; stop flushes everything to the store.
 */
import type { ServerSettings } from '../config/server-settings.js';
import { startControlServer } from '../control/control-server.js';
import type { Logger } from '../core/logger.js';
import { banExpiry, type FilePosition } from '../core/records.js';
import { openStore, type Store } from '../store/store.js';
import { buildJails, type JailPlan } from './build-jails.js';
import { createCommitLoop, type CommitLoop } from './commit-loop.js';
import { createControlHandlers } from './control-handlers.js';
import { createIgnoreChecks, resolveHost, type IgnoreChecks } from './ignore-checks.js';
import { createJailRuntime, jailSettings, type JailRuntime } from './jail-runtime.js';
import { createFeeds, type Feeds } from './feeds.js';

export interface ServerOptions {
  readonly confDir: string;
  readonly settings: ServerSettings;
  readonly logger: Logger;
  readonly now?: () => number;
  /** Called once the server has fully stopped (e.g. to exit the process). */
  readonly onStopped?: () => void;
}

export interface Server {
  readonly runtimes: ReadonlyMap<string, JailRuntime>;
  reload(jail: string | null): Promise<string>;
  stop(): Promise<void>;
}

interface State {
  readonly opts: ServerOptions;
  readonly now: () => number;
  readonly store: Store;
  readonly runtimes: Map<string, JailRuntime>;
  readonly loop: CommitLoop;
  readonly feeds: Feeds;
  readonly ignore: IgnoreChecks;
  /** Stored positions and journal cursors (as of the last restore) where followers start. */
  readonly positions: Map<string, FilePosition>;
  readonly journalCursors: Map<string, string>;
  /** When each jail's actions were last checked (unix seconds). */
  readonly lastCheck: Map<string, number>;
}

/** dbpurgeage is applied this often (and once at start, after the restore). */
const PURGE_EVERY_MS = 3_600_000;

/**
 * Old ban history and expired bans (dbpurgeage), and failures no jail can count any more: older than
 * the longest findtime, or voided by a ban. Under a long flood those are most of the failure rows.
 */
function purgeStore(state: State): void {
  const now = state.now();
  const findtimes = [...state.runtimes.values()].map((rt) => rt.spec.findtime);
  const failuresBefore = findtimes.length === 0 ? -Infinity : now - Math.max(...findtimes);
  try {
    const removed = state.store.purge(now, state.opts.settings.dbpurgeage, { failuresBefore });
    if (removed.bans + removed.failures > 0) {
      state.opts.logger.info('server', `Purged ${removed.bans} old bans and ${removed.failures} old failures from the database`);
    }
  } catch (err) {
    state.opts.logger.error('server', (err as Error).message);
  }
}

/** Seconds between two checks of a jail's actions triggered by banned addresses seen again. */
const CHECK_MIN_INTERVAL = 10;
/** Periodic check of every action's firewall state (a flushed ruleset is repaired within this). */
const CHECK_EVERY_MS = 120_000;

export async function startServer(opts: ServerOptions): Promise<Server> {
  const { logger, settings } = opts;
  const now = opts.now ?? ((): number => Date.now() / 1000);
  logger.info('server', `Starting warden (config ${opts.confDir}, database ${settings.dbfile})`);
  const store = openStore(settings.dbfile, { maxMatches: settings.dbmaxmatches });
  const runtimes = new Map<string, JailRuntime>();
  const loop = createCommitLoop({ store, runtimes: () => runtimes.values(), logger, now });
  const stored = { positions: new Map<string, FilePosition>() };
  const journalCursors = new Map<string, string>();
  const feeds = createFeeds({ logger, loop, runtimes, now, startOf: (path) => stored.positions.get(path) ?? null, journalCursor: (key) => journalCursors.get(key) ?? null });
  const ignore = createIgnoreChecks(logger);
  const state: State = { opts, now, store, runtimes, loop, feeds, ignore, positions: stored.positions, journalCursors, lastCheck: new Map() };

  const built = buildJails(opts.confDir, logger);
  reportBuild(logger, built);
  for (const plan of built.plans) addJail(state, plan);
  store.setJails([...runtimes.keys()].map((name) => ({ name, enabled: true })));

  for (const rt of runtimes.values()) await startActions(state, rt);
  restoreState(state, [...runtimes.values()], stored.positions, journalCursors);
  for (const rt of runtimes.values()) await startFeeding(state, rt);
  // Once the restored bans went to the actions: on a large database the purge takes a while.
  purgeStore(state);

  const checks = setInterval(() => {
    for (const rt of runtimes.values()) loop.check(rt);
  }, CHECK_EVERY_MS);
  checks.unref();
  const purge = setInterval(() => purgeStore(state), PURGE_EVERY_MS);
  purge.unref();
  let stopping: Promise<void> | null = null;
  let control: { close(): Promise<void> } | null = null;
  const server: Server = {
    runtimes,
    reload: (jail) => reloadServer(state, jail),
    stop() {
      clearInterval(checks);
      clearInterval(purge);
      stopping ??= stopServer(state, control).then(() => opts.onStopped?.());
      return stopping;
    },
  };
  try {
    control = await startControlServer(settings.socket, createControlHandlers({ runtimes, loop, now, reload: server.reload, stop: server.stop }), {
      log: (level, message) => logger.log(level === 'error' ? 'ERROR' : 'DEBUG', 'server', message),
    });
  } catch (err) {
    clearInterval(purge);
    clearInterval(checks);
    await stopServer(state, null);
    throw err;
  }
  logger.notice('server', `warden started: ${runtimes.size} jail(s) (${[...runtimes.keys()].join(', ') || 'none'}), socket ${settings.socket}`);
  return server;
}

function reportBuild(logger: Logger, built: ReturnType<typeof buildJails>): void {
  for (const w of built.warnings) logger.warn('server', `config: ${w.message}`);
  for (const b of built.broken) logger.error('server', `jail '${b.name}' not started: ${b.reason}`);
}

function addJail(state: State, plan: JailPlan): JailRuntime {
  const rt = createJailRuntime(plan.spec, plan.filter, plan.actions, {
    logger: state.opts.logger,
    jailDeps: {
      banHistory: (ip, overall) => state.store.banHistory(ip, overall ? null : plan.spec.name),
      random: Math.random,
    },
    isIgnored: (jail, ip) => state.ignore.isIgnored(jail, ip),
    resolve: resolveHost,
    onAsyncFailure: () => state.loop.schedule(),
    onBannedSeen: (rt) => {
      const last = state.lastCheck.get(rt.name) ?? 0;
      if (state.now() - last < CHECK_MIN_INTERVAL) return;
      state.lastCheck.set(rt.name, state.now());
      state.opts.logger.info('actions', `[${rt.name}] a banned address is still in the log: checking the actions`);
      state.loop.check(rt);
    },
    now: state.now,
  });
  state.runtimes.set(rt.name, rt);
  return rt;
}

/** Bans, counters and positions from the database; bans go to each action in one batch. */
function restoreState(state: State, which: readonly JailRuntime[], positions: Map<string, FilePosition>, journal: Map<string, string>): void {
  const now = state.now();
  const loaded = state.store.load(now, (jail) => state.runtimes.get(jail)?.spec.findtime ?? 0);
  for (const p of loaded.positions) positions.set(p.path, p);
  for (const j of loaded.journal) journal.set(j.key, j.cursor);
  for (const rt of which) {
    const bans = loaded.bans.filter((b) => b.jail === rt.name && (banExpiry(b) ?? Infinity) > now);
    const failures = loaded.failures.filter((f) => f.jail === rt.name);
    rt.jail.restore({ bans, failures }, now);
    rt.jail.drainChanges();
    if (bans.length > 0) state.opts.logger.notice('server', `[${rt.name}] restored ${bans.length} ban(s) and ${failures.length} failure(s) in flight`);
    state.loop.dispatch(rt, rt.jail.status().bans, [], true);
  }
}

async function startActions(state: State, rt: JailRuntime): Promise<void> {
  for (const problem of rt.jail.problems) state.opts.logger.error('jail', `[${rt.name}] ${problem}`);
  for (const action of rt.actions) {
    try {
      await action.start();
    } catch (err) {
      state.opts.logger.error('actions', `[${rt.name}] action ${action.name} failed to start: ${(err as Error).message}`);
    }
  }
}

async function startFeeding(state: State, rt: JailRuntime): Promise<void> {
  await state.ignore.prepare(rt);
  state.feeds.attach(rt);
}

async function stopJail(state: State, rt: JailRuntime, unbanAll: boolean): Promise<void> {
  state.feeds.detach(rt);
  if (unbanAll) for (const ban of rt.jail.status().bans) rt.jail.unban(ban.ip);
  state.loop.flush();
  await state.loop.idle();
  for (const action of rt.actions) {
    try {
      await action.stop();
    } catch (err) {
      state.opts.logger.error('actions', `[${rt.name}] action ${action.name} failed to stop: ${(err as Error).message}`);
    }
  }
  state.runtimes.delete(rt.name);
}

async function reloadServer(state: State, only: string | null): Promise<string> {
  const { logger } = state.opts;
  logger.notice('server', only === null ? 'Reloading the configuration' : `Reloading jail ${only}`);
  const built = buildJails(state.opts.confDir, logger, only);
  reportBuild(logger, built);
  const wanted = new Set(built.plans.map((p) => p.spec.name));
  if (only !== null && !wanted.has(only) && !state.runtimes.has(only)) return `no enabled jail named '${only}'`;
  for (const rt of [...state.runtimes.values()]) {
    if ((only === null || rt.name === only) && !wanted.has(rt.name) && !built.broken.some((b) => b.name === rt.name)) {
      await stopJail(state, rt, true);
      logger.notice('server', `Jail ${rt.name} stopped (no longer enabled)`);
    }
  }
  for (const plan of built.plans) {
    const rt = state.runtimes.get(plan.spec.name);
    if (rt === undefined) {
      const added = addJail(state, plan);
      await startActions(state, added);
      state.loop.flush();
      restoreState(state, [added], state.positions, state.journalCursors);
      await startFeeding(state, added);
      continue;
    }
    state.feeds.detach(rt);
    rt.spec = plan.spec;
    rt.filter = plan.filter;
    rt.jail.updateSettings(jailSettings(plan.spec));
    rt.actions = rt.actions.length === plan.actions.length ? rt.actions : plan.actions;
    await state.ignore.prepare(rt);
    state.feeds.attach(rt);
  }
  state.store.setJails([...state.runtimes.keys()].map((name) => ({ name, enabled: true })));
  state.loop.flush();
  return `reloaded: ${state.runtimes.size} jail(s) running${built.broken.length > 0 ? `, ${built.broken.length} not started (see the log)` : ''}`;
}

async function stopServer(state: State, control: { close(): Promise<void> } | null): Promise<void> {
  const { logger } = state.opts;
  logger.notice('server', 'Stopping warden');
  await state.feeds.stop();
  try {
    state.loop.flush();
  } catch (err) {
    logger.error('server', `final commit failed: ${(err as Error).message}`);
  }
  await state.loop.idle();
  for (const rt of state.runtimes.values()) {
    for (const action of rt.actions) await action.stop().catch((err: Error) => logger.error('actions', `[${rt.name}] ${action.name}: ${err.message}`));
  }
  state.loop.stop();
  state.store.close();
  await control?.close();
  logger.notice('server', 'warden stopped');
}
