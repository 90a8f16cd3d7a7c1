import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { openStore } from './store.js';
import { T0, tempDir } from './store-test-data.js';

const STORE_MODULE = new URL('./store.js', import.meta.url).href;

/** A child that commits `ticks` batches, says so on stdout, then waits to be killed. */
function childScript(file: string, ticks: number): string {
  return `
    import { openStore } from ${JSON.stringify(STORE_MODULE)};
    const store = openStore(${JSON.stringify(file)});
    for (let i = 0; i < ${ticks}; i++) {
      store.commit({
        addFailures: [{ jail: 'sshd', id: '10.0.0.' + i, time: ${T0} + i, matches: ['line ' + i] }],
        addBans: [{ jail: 'sshd', ip: '192.0.2.' + i, timeOfBan: ${T0}, bantime: -1, banCount: 1, failures: 5, matches: [] }],
        positions: [{ path: '/var/log/auth.log', inode: '99', offset: (i + 1) * 100, firstLineHash: 'h' }],
      });
    }
    process.stdout.write('committed\\n');
    setInterval(() => {}, 1000);
  `;
}

describe('store durability', () => {
  it('keeps every committed batch when the process is killed with SIGKILL right after commit', async () => {
    const tmp = tempDir();
    try {
      const ticks = 50;
      const child = spawn(process.execPath, ['--input-type=module', '-e', childScript(tmp.db, ticks)], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = once(child, 'exit');
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => d.toString().includes('committed') && resolve());
        child.on('exit', () => reject(new Error(`child exited before committing: ${stderr}`)));
      });
      child.kill('SIGKILL');
      const [, signal] = await exited;
      assert.equal(signal, 'SIGKILL');
      assert.ok(existsSync(`${tmp.db}-wal`), 'the WAL was left behind: the child never closed the db');

      const store = openStore(tmp.db);
      const state = store.load(T0 + ticks, () => 3600);
      store.close();
      assert.equal(state.bans.length, ticks);
      assert.equal(state.failures.length, ticks);
      assert.deepEqual(state.positions, [{ path: '/var/log/auth.log', inode: '99', offset: ticks * 100, firstLineHash: 'h' }]);
    } finally {
      tmp.cleanup();
    }
  });
});
