import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extrapolationNote, inSetRate, markdownReport, textReport, type Report } from './daemon-report.js';
import type { BurstResult } from './daemon-sections.js';

const burst = (over: Partial<BurstResult>): BurstResult => ({
  tool: 'fail2ban', ips: 1000, lines: 5000, banned: 1000, seconds: 20, finished: true, capSeconds: 300,
  inSetSeconds: 20, inSetCount: 1000, action: 'nftables-allports', ...over,
});
const report = (rows: BurstResult[], burstSkipped: string[] = []): Report => ({
  machine: ['m'], labels: { warden: 'warden 0.1.0', fail2ban: 'fail2ban 1.0.2' }, latency: [], burst: rows, burstSkipped, rss: [],
});

test('the rate into the set is all IPs over the time to a full set, or what got in over the cap', () => {
  assert.equal(inSetRate(burst({})), 50);
  assert.equal(inSetRate(burst({ finished: false, inSetSeconds: null, inSetCount: 600, capSeconds: 60 })), 10);
  assert.equal(inSetRate(burst({ inSetSeconds: null, inSetCount: null })), null);
});

test('extrapolates a short or unfinished firewall burst to the full size, and nothing else', () => {
  const r = report([]);
  assert.match(extrapolationNote(r, burst({}), 10_000) ?? '', /fail2ban 1\.0\.2 \(nftables-allports\): all 1 000 bans in its nft set after 20\.0 s, 50 bans\/s; extrapolated \(not measured\).* 10 000 bans would take ~200 s/);
  assert.match(extrapolationNote(r, burst({ finished: false, inSetSeconds: null, inSetCount: 600, capSeconds: 60 }), 10_000) ?? '', /600 of 1 000 bans in its nft set after the 60 s cap, 10 bans\/s.*~1 000 s/);
  assert.equal(extrapolationNote(r, burst({ ips: 10_000 }), 10_000), null);
  assert.equal(extrapolationNote(r, burst({ action: null, tool: 'warden', ips: 100 }), 10_000), null);
});

test('the burst table gets a labelled fail2ban firewall row and leaves the other rows as they were', () => {
  const warden = burst({ tool: 'warden', ips: 10_000, lines: 50_000, banned: 10_000, seconds: 0.8, inSetSeconds: 0.9, inSetCount: 10_000, action: null });
  const noop = burst({ ips: 10_000, lines: 50_000, banned: 10_000, seconds: 7.5, inSetSeconds: null, inSetCount: null, action: null });
  const plain = textReport(report([warden, noop])).join('\n');
  const withFirewall = textReport(report([warden, noop, burst({ finished: false, seconds: 300, banned: 900, inSetSeconds: null, inSetCount: 850 })])).join('\n');
  assert.doesNotMatch(plain, /nftables-allports|extrapolated/);
  assert.match(withFirewall, /fail2ban 1\.0\.2 \(nftables-allports\) .*did not finish in 300 s, 900 banned .*did not finish in 300 s, 850 in the set .* 3 into the set/);
  assert.match(withFirewall, /850 of 1 000 bans .* 10 000 bans would take ~3 529 s/);
  assert.match(markdownReport(report([warden], ['fail2ban with nftables-allports skipped: it needs root (network namespaces)']), 'cmd').join('\n'), /skipped: it needs root/);
});
