#!/usr/bin/env node
/**
 * The `warden` executable: runs the CLI and sets the exit code. A closed stdout (`| head`) ends the
 * process quietly instead of throwing EPIPE.
 */
import { runCli } from './run-cli.js';

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

process.exitCode = await runCli(process.argv.slice(2));
