#!/usr/bin/env node
/**
 * The `warden` executable: runs the CLI and sets the exit code. A closed stdout (`| head`) ends the
 * process quietly instead of throwing EPIPE. For `warden regex`, a matching worker starts booting
 * before the rest of the CLI is loaded (only this file's imports are loaded before that).
 */
import { startEarlyWorker } from './regex/early-worker.js';

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const argv = process.argv.slice(2);
// A worker not needed after all (usage error, --line-timeout 0) is stopped; help skips it (faster exit).
if (argv[0] === 'regex' && !argv.includes('--help') && !argv.includes('-h')) startEarlyWorker();
const { runCli } = await import('./run-cli.js');
process.exitCode = await runCli(argv);
