import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fakeBinDir, memoryLogger } from './mail-test-kit.js';
import { WHOIS_MISSING, whoisOf } from './whois.js';

test('whois output comes back as text, hostile lines verbatim and never run', async (t) => {
  const bin = fakeBinDir();
  t.after(() => bin.remove());
  const marker = join(bin.dir, 'pwned');
  const whois = bin.write('whois', [
    '#!/bin/sh',
    'echo "netname: TEST-NET for $1"',
    `printf '%s\\n' '~!touch ${marker}' '$(touch ${marker})' '\`touch ${marker}\`'`,
  ].join('\n'));
  const text = await whoisOf('192.0.2.7', { command: whois });
  assert.equal(text, [
    'netname: TEST-NET for 192.0.2.7',
    `~!touch ${marker}`,
    `$(touch ${marker})`,
    `\`touch ${marker}\``,
  ].join('\n'));
  assert.equal(existsSync(marker), false);
});

test('whois is found through PATH', async (t) => {
  const bin = fakeBinDir();
  const oldPath = process.env.PATH;
  t.after(() => {
    process.env.PATH = oldPath;
    bin.remove();
  });
  bin.write('whois', '#!/bin/sh\necho "from PATH: $1"\n');
  process.env.PATH = `${bin.dir}:${oldPath}`;
  assert.equal(await whoisOf('2001:db8::1'), 'from PATH: 2001:db8::1');
});

test('a missing whois program gives a note and one warning per logger', async () => {
  const logger = memoryLogger();
  const command = '/nonexistent/warden-whois';
  assert.equal(await whoisOf('192.0.2.1', { command, logger }), WHOIS_MISSING);
  assert.equal(await whoisOf('192.0.2.2', { command, logger }), WHOIS_MISSING);
  assert.equal(logger.lines.filter((l) => l.level === 'WARNING' && /not installed/.test(l.message)).length, 1);
});

test('a whois that hangs is killed at the timeout and its partial output kept', async (t) => {
  const bin = fakeBinDir();
  t.after(() => bin.remove());
  const whois = bin.write('whois', '#!/bin/sh\necho "partial"\nsleep 30\n');
  const started = Date.now();
  const text = await whoisOf('192.0.2.1', { command: whois, timeoutMs: 300 });
  assert.ok(Date.now() - started < 5000, 'returned soon after the timeout');
  assert.equal(text, 'partial\n(whois timed out after 0.3 s)');
});

test('whois output is capped', async (t) => {
  const bin = fakeBinDir();
  t.after(() => bin.remove());
  const whois = bin.write('whois', '#!/bin/sh\nyes "0123456789abcdef" | head -c 1000000\n');
  const text = await whoisOf('192.0.2.1', { command: whois, maxBytes: 4096 });
  assert.match(text, /\n\(whois output cut at 4 KiB\)$/);
  assert.ok(text.length < 4096 + 100);
});

test('no whois is run for something that is not an IP address', async (t) => {
  const bin = fakeBinDir();
  t.after(() => bin.remove());
  const marker = join(bin.dir, 'ran');
  const whois = bin.write('whois', `#!/bin/sh\ntouch ${marker}\n`);
  const text = await whoisOf('-h evil.example', { command: whois });
  assert.match(text, /not an IP address/);
  assert.equal(existsSync(marker), false);
});

test('control characters are dropped and Latin-1 output is decoded', async (t) => {
  const bin = fakeBinDir();
  t.after(() => bin.remove());
  const whois = bin.write('whois', "#!/bin/sh\nprintf 'descr: M\\374nchen\\r\\n\\033[31mred\\007\\n'\n");
  assert.equal(await whoisOf('192.0.2.1', { command: whois }), 'descr: München\n[31mred');
});

test('an empty answer says so, with the exit code and stderr', async (t) => {
  const bin = fakeBinDir();
  t.after(() => bin.remove());
  const whois = bin.write('whois', '#!/bin/sh\necho "connect: Network is unreachable" >&2\nexit 2\n');
  assert.equal(await whoisOf('192.0.2.1', { command: whois }), '(whois returned nothing, exit code 2: connect: Network is unreachable)');
});
