// The command shell and the connection keeper against the real sshd fixture: many short commands through one
// remote /bin/sh (exit status, stdout and stderr kept apart, stdin closed, quoting intact), a lost connection failing
// every pending command, and a kept connection lent again (with its shell) only while it is alive, shared by runs at
// the same time (one TCP connection, counted at a relay) and closed when it has been idle.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { acceptHostKey } from '../../server/profiling/known-hosts';
import type { ProfileTarget } from '../../server/profiling/remote-run';
import { shellOf } from '../../server/profiling/remote-shell';
import { quoteShellCommand } from '../../server/profiling/shell-quote';
import { ConnectionLostError, SshConnection } from '../../server/profiling/ssh-connection';
import { SshKeeper } from '../../server/profiling/ssh-keeper';
import { sshTargetOf, startCuttableProxy, startSshd, type SshdHandle } from './ssh-harness';

let sshd: SshdHandle;

/** The relay as a target: its port needs its own known_hosts entry for the server's key. */
async function viaRelay(port: number, name: string): Promise<ProfileTarget> {
  const knownHostsFile = path.join(sshd.dir, `${name}_known_hosts`);
  fs.writeFileSync(knownHostsFile, '');
  await acceptHostKey(knownHostsFile, '127.0.0.1', port, sshd.hostKeyBlob);
  return sshTargetOf(sshd, { port, knownHostsFile, keepaliveIntervalMs: 500 });
}

before(async () => {
  sshd = await startSshd();
});
after(async () => {
  await sshd?.stop();
});

test('one shell runs many commands: status, stdout and stderr apart, stdin closed, odd arguments intact', async () => {
  const conn = await SshConnection.connect(sshTargetOf(sshd));
  try {
    const shell = shellOf(conn);
    const odd = 'it\'s a "quoted" $HOME `x` line\nand a second';
    const [echo, fail, noNewline, stdin] = await Promise.all([
      shell.run(quoteShellCommand(['printf', '%s\\n', odd])),
      shell.run(quoteShellCommand(['sh', '-c', 'echo out; echo err >&2; exit 7'])),
      shell.run(quoteShellCommand(['printf', 'no newline'])),
      shell.run(quoteShellCommand(['cat'])),
    ]);
    assert.deepEqual(echo, { code: 0, out: `${odd}\n`, err: '' });
    assert.deepEqual(fail, { code: 7, out: 'out\n', err: 'err\n' });
    assert.equal(noNewline.out, 'no newline');
    assert.deepEqual(
      stdin,
      { code: 0, out: '', err: '' },
      'a command reading stdin gets end of file, not our protocol',
    );
    const pid = (await shell.run('echo $$')).out;
    assert.equal((await shell.run('echo $$')).out, pid, 'the same remote shell answers every command');
    assert.equal(shellOf(conn), shell);
  } finally {
    conn.close();
  }
});

test('a lost connection fails the running and the queued commands with ConnectionLostError', async () => {
  const proxy = await startCuttableProxy(sshd.port);
  const conn = await SshConnection.connect(await viaRelay(proxy.port, 'lost'));
  try {
    const shell = shellOf(conn);
    await shell.run(':');
    const running = shell.run('sleep 30');
    const queued = shell.run('echo never');
    proxy.cut();
    await assert.rejects(running, ConnectionLostError);
    await assert.rejects(queued, ConnectionLostError);
    assert.ok(shell.isDead);
  } finally {
    conn.close();
    await proxy.close();
  }
});

test('the keeper lends a kept live connection again, with its shell, and never a lost one', async () => {
  const keeper = new SshKeeper();
  const proxy = await startCuttableProxy(sshd.port);
  try {
    const target = sshTargetOf(sshd);
    const first = await keeper.borrow(target);
    const pid = (await shellOf(first).run('echo $$')).out;
    keeper.giveBack(target, first);
    const again = await keeper.borrow(target);
    assert.equal(again, first, 'the idle connection is lent again');
    assert.equal((await shellOf(again).run('echo $$')).out, pid, 'with the same shell');
    const other = await keeper.borrow(target);
    assert.equal(other, first, 'a connection in use is shared: runs on one login use one connection');
    keeper.giveBack(target, other);
    keeper.giveBack(target, again);

    const viaProxy = await viaRelay(proxy.port, 'kept');
    const doomed = await keeper.borrow(viaProxy);
    keeper.giveBack(viaProxy, doomed);
    proxy.cut();
    await waitFor(() => doomed.isLost);
    const fresh = await keeper.borrow(viaProxy);
    assert.notEqual(fresh, doomed, 'a lost connection is dropped, a new one made');
    assert.equal((await shellOf(fresh).run('echo ok')).out, 'ok\n');
    keeper.giveBack(viaProxy, fresh);
  } finally {
    keeper.closeAll();
    await proxy.close();
  }
});

test('runs that start together share one connection; the last one out keeps it for the next, then it closes when idle', async () => {
  const keeper = new SshKeeper(300);
  const proxy = await startCuttableProxy(sshd.port);
  try {
    const target = await viaRelay(proxy.port, 'shared');
    const [a, b] = await Promise.all([keeper.borrow(target), keeper.borrow(target)]);
    assert.equal(a, b, 'both runs got the connection in the making');
    const [one, two] = await Promise.all([shellOf(a).run('echo one'), shellOf(b).run('echo two')]);
    assert.deepEqual([one.out, two.out], ['one\n', 'two\n'], 'their commands take turns in the one shell');
    keeper.giveBack(target, a);
    assert.equal((await shellOf(b).run('echo still')).out, 'still\n', 'the other run still has it');
    keeper.giveBack(target, b);
    const next = await keeper.borrow(target);
    assert.equal(next, a, 'the next run gets it again');
    keeper.giveBack(target, next);
    assert.equal(proxy.connections(), 1, 'one SSH connection in all');
    assert.equal(proxy.open(), 1);
    await waitFor(() => proxy.open() === 0); // idle for 300 ms: closed
  } finally {
    keeper.closeAll();
    await proxy.close();
  }
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !condition(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(condition(), 'condition not met within 15 s');
}
