import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { closedPort, memoryLogger, sampleBan } from './mail/mail-test-kit.js';
import { createWebhookAction, type WebhookPayload } from './webhook-action.js';

interface Hit {
  readonly headers: IncomingHttpHeaders;
  readonly body: WebhookPayload;
}

/** An HTTP endpoint on loopback answering with the next status of `statuses` (then 200). */
async function endpoint(statuses: number[] = [], delayMs = 0): Promise<{ url: string; hits: Hit[]; close(): Promise<void> }> {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString('utf8')));
    req.on('end', () => {
      hits.push({ headers: req.headers, body: JSON.parse(data) as WebhookPayload });
      setTimeout(() => {
        res.statusCode = statuses.shift() ?? 200;
        res.end('ok');
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`, hits,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const base = { jail: 'asterisk', hostname: 'pbx.example.net', retryDelayMs: 20 };

test('start, a batch of bans, an unban and stop are posted as JSON in order', async (t) => {
  const hook = await endpoint();
  t.after(() => hook.close());
  const logger = memoryLogger();
  const action = createWebhookAction({ ...base, url: hook.url, headers: { authorization: 'Bearer s3cret' } }, { logger, now: () => 1_700_000_100 });
  await action.start();
  const bans = [sampleBan('192.0.2.1', { matches: ['bad "line" $(x)'] }), sampleBan('2001:db8::2', { bantime: -1, failures: 7 })];
  await action.ban(bans, { restored: false });
  await action.unban([bans[0]]);
  await action.stop();
  assert.deepEqual(hook.hits.map((h) => h.body.event), ['start', 'ban', 'unban', 'stop']);
  const ban = hook.hits[1];
  assert.equal(ban.headers['content-type'], 'application/json');
  assert.equal(ban.headers.authorization, 'Bearer s3cret');
  assert.deepEqual(ban.body, {
    event: 'ban', jail: 'asterisk', host: 'pbx.example.net', time: 1_700_000_100,
    bans: [
      { ip: '192.0.2.1', time: 1_700_000_000, bantime: 600, failures: 5, matches: ['bad "line" $(x)'] },
      { ip: '2001:db8::2', time: 1_700_000_000, bantime: -1, failures: 7, matches: bans[1].matches },
    ],
  });
  assert.deepEqual(hook.hits[0].body.bans, []);
  assert.equal(logger.lines.filter((l) => l.level === 'ERROR').length, 0);
});

test('a 500 is retried after a pause and the next success ends it', async (t) => {
  const hook = await endpoint([500]);
  t.after(() => hook.close());
  const logger = memoryLogger();
  const action = createWebhookAction({ ...base, url: hook.url }, { logger });
  await action.ban([sampleBan('192.0.2.3')], { restored: false });
  assert.equal(await action.idle(5000), true);
  assert.equal(hook.hits.length, 2);
  assert.deepEqual(hook.hits[1].body, hook.hits[0].body);
  assert.match(logger.lines.find((l) => l.level === 'WARNING')?.message ?? '', /HTTP 500: ok\), retry 1 of 3/);
  assert.equal(logger.lines.filter((l) => l.level === 'ERROR').length, 0);
});

test('a 400 is not retried and is logged', async (t) => {
  const hook = await endpoint([400]);
  t.after(() => hook.close());
  const logger = memoryLogger();
  const action = createWebhookAction({ ...base, url: hook.url }, { logger });
  await action.ban([sampleBan('192.0.2.3')], { restored: false });
  await action.idle(5000);
  assert.equal(hook.hits.length, 1);
  assert.match(await logger.waitFor(/could not post ban/).then((l) => l.message), /after 1 attempts: HTTP 400/);
});

test('a dead endpoint is tried 1 + 3 times with growing pauses, then logged; ban() never waits', async () => {
  const logger = memoryLogger();
  const url = `http://127.0.0.1:${await closedPort()}/hook`;
  const action = createWebhookAction({ ...base, url }, { logger });
  const started = performance.now();
  await action.ban([sampleBan('192.0.2.4')], { restored: false });
  assert.ok(performance.now() - started < 50);
  const line = await logger.waitFor(/could not post ban/);
  assert.equal(line.level, 'ERROR');
  assert.match(line.message, /after 4 attempts/);
  // Pauses of 20, 40 and 80 ms: the whole thing took at least 140 ms.
  assert.ok(performance.now() - started >= 140);
  assert.equal(logger.lines.filter((l) => l.level === 'WARNING').length, 3);
});

test('a slow endpoint does not hold up ban(); a post taking too long is cut by the timeout', async (t) => {
  const hook = await endpoint([], 2000);
  t.after(() => hook.close());
  const logger = memoryLogger();
  const action = createWebhookAction({ ...base, url: hook.url, timeoutMs: 100, retries: 0 }, { logger });
  const started = performance.now();
  await action.ban([sampleBan('192.0.2.5')], { restored: false });
  assert.ok(performance.now() - started < 50);
  const line = await logger.waitFor(/could not post ban/, 3000);
  assert.match(line.message, /timeout|aborted/i);
});

test('bans restored at start are not posted unless asked for', async (t) => {
  const hook = await endpoint();
  t.after(() => hook.close());
  const logger = memoryLogger();
  const quiet = createWebhookAction({ ...base, url: hook.url }, { logger });
  await quiet.ban([sampleBan('192.0.2.6')], { restored: true });
  await quiet.idle();
  assert.equal(hook.hits.length, 0);
  const loud = createWebhookAction({ ...base, url: hook.url, postRestored: true }, { logger });
  await loud.ban([sampleBan('192.0.2.6')], { restored: true });
  await loud.idle(5000);
  assert.equal(hook.hits[0].body.restored, true);
});

test('a url that is not http(s) is refused when the action is made', () => {
  const logger = memoryLogger();
  assert.throws(() => createWebhookAction({ jail: 'j', url: 'file:///etc/passwd' }, { logger }), { code: 'ERR_CONFIG_VALUE' });
  assert.throws(() => createWebhookAction({ jail: 'j', url: 'not a url' }, { logger }), { code: 'ERR_CONFIG_VALUE' });
});
