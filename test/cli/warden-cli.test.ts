import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { COMMANDS } from '../../src/cli/command-table.js';
import { regexCommand } from '../../src/cli/commands/regex.js';
import { hasStackTrace, MAIN, runWarden } from './run-warden.js';

test('warden --help lists every command of the command table and exits 0', () => {
  const r = runWarden(['--help']);
  assert.equal(r.code, 0);
  for (const c of COMMANDS) assert.match(r.stdout, new RegExp(`^  ${c.name}\\s+${c.summary.replace(/[.()]/g, '\\$&')}$`, 'm'));
});

test('warden help regex and warden regex --help print the same text, with every option', () => {
  const a = runWarden(['help', 'regex']);
  const b = runWarden(['regex', '--help']);
  assert.equal(a.code, 0);
  assert.equal(b.code, 0);
  assert.equal(a.stdout, b.stdout);
  for (const name of Object.keys(regexCommand.options)) assert.ok(a.stdout.includes(`--${name}`), name);
  assert.match(a.stdout, /^Usage: warden regex /);
});

test('warden --version prints the package version', () => {
  const pkg = JSON.parse(readFileSync(join(dirname(MAIN), '../../../package.json'), 'utf8')) as { version: string };
  const r = runWarden(['--version']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, `warden ${pkg.version}\n`);
});

const usageCases: [string, string[], RegExp][] = [
  ['unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
  ['unknown option', ['regex', '--frob', 'a', 'b'], /Unknown option '--frob'/],
  ['option without its value', ['regex', 'a', 'b', '--now'], /--now/],
  ['missing FILTER', ['regex', 'only-a-log-line'], /expected LOG and FILTER/],
  ['too many arguments', ['regex', 'a', 'b', 'c', 'd'], /expected LOG and FILTER/],
  ['bad --now', ['regex', 'line', 'x <HOST>', '--now', 'next tuesday'], /--now must be an ISO-8601/],
  ['bad --line-timeout', ['regex', 'line', 'x <HOST>', '--line-timeout', '-1'], /--line-timeout/],
  ['bad --usedns', ['regex', 'line', 'x <HOST>', '--usedns', 'maybe'], /--usedns must be one of/],
  ['unsupported encoding', ['regex', MAIN, 'x <HOST>', '-e', 'utf-16le'], /not ASCII-compatible/],
  ['unknown encoding', ['regex', MAIN, 'x <HOST>', '-e', 'klingon'], /unknown encoding/],
  ['exclusive print options', ['regex', 'l', 'x <HOST>', '--print-all-missed', '--print-no-missed'], /cannot be used together/],
  ['unknown help topic', ['help', 'frobnicate'], /unknown command 'frobnicate'/],
  ['global option before nothing', ['--frob'], /unknown option '--frob'/],
];

for (const [name, args, message] of usageCases) {
  test(`usage error (${name}): one message, exit code 2, no stack trace`, () => {
    const r = runWarden(args);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, message);
    assert.match(r.stderr, /^warden: /);
    assert.equal(hasStackTrace(r.stderr), false, r.stderr);
    assert.equal(r.stdout, '');
  });
}

test('warden without arguments prints help on stderr and exits 2', () => {
  const r = runWarden([]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^Usage: warden <command>/);
});
