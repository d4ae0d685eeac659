// The mount table decides whether a short read ends a file: only when every mount is of a filesystem that fills
// reads up to the end. Real mountinfo lines (this machine's, and FUSE/9p/NFS lines as Linux writes them).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { onlyWholeReadMounts, shortReadIsEnd } from './short-read-end';

const ROOT = '26 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda rw,discard';
const PROC = '27 26 0:5 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw';
const FUSECTL = '40 30 0:37 / /sys/fs/fuse/connections rw,relatime shared:20 - fusectl fusectl rw';

test('disk, memory and pseudo filesystems only: a short read is the end', () => {
  assert.equal(onlyWholeReadMounts([ROOT, PROC, FUSECTL, ''].join('\n')), true);
});

test('a FUSE, 9p or NFS mount anywhere: a short read is not', () => {
  const others = [
    '95 26 0:48 / /mnt/gcs rw,nosuid,nodev,relatime shared:50 - fuse.gcsfuse models rw,user_id=0,group_id=0',
    '96 26 0:49 / /mnt/c rw,noatime - 9p drvfs rw,aname=drvfs;path=C:\\',
    '97 26 0:50 / /data rw,relatime shared:51 - nfs4 server:/export rw,vers=4.2',
  ];
  for (const line of others) assert.equal(onlyWholeReadMounts([ROOT, line, PROC].join('\n')), false, line);
});

test('unreadable tables answer no', () => {
  assert.equal(onlyWholeReadMounts(''), false);
  assert.equal(onlyWholeReadMounts('not a mount table'), false);
  assert.equal(onlyWholeReadMounts(`${ROOT}\n\u0000\u0001 garbage`), false);
});

test("this machine's answer is its mount table's (no elsewhere than Linux)", () => {
  const linux = process.platform === 'linux';
  assert.equal(shortReadIsEnd(), linux && onlyWholeReadMounts(fs.readFileSync('/proc/self/mountinfo', 'utf8')));
});
