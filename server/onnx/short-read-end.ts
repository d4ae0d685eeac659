// Whether a read of a regular file that returns fewer bytes than asked marks the file's end, so that reading a small
// model needs no second read (which would return 0) to find its end: each system call costs about a microsecond on
// a virtual machine, a sixth of reading and inferring a Triton example model. Linux's disk and memory filesystems
// answer reads from the page cache, which fills a read up to the end of the file; FUSE with direct I/O (s3fs,
// gcsfuse) and network filesystems may answer fewer bytes before it. So: yes on Linux while every mounted
// filesystem is of a type listed here (the pseudo filesystems every system mounts included: no model lives there),
// no on other systems and whenever a mount of another type exists. The mount table is read again at most once a
// second, so a filesystem mounted later is seen.
import fs from 'node:fs';

/** Filesystem types (as /proc/self/mountinfo names them) whose regular-file reads are short only at the end. */
const WHOLE_READ_TYPES = new Set([
  // Disk and memory filesystems.
  ...'ext2 ext3 ext4 xfs btrfs zfs f2fs bcachefs tmpfs ramfs overlay squashfs erofs iso9660 vfat exfat'.split(' '),
  // Pseudo filesystems.
  ...'proc sysfs devtmpfs devpts cgroup cgroup2 mqueue securityfs debugfs tracefs pstore bpf hugetlbfs configfs'.split(
    ' ',
  ),
  ...'fusectl autofs binfmt_misc efivarfs nsfs rpc_pipefs selinuxfs'.split(' '),
]);

const RECHECK_MS = 1000;
let checkedAt = -Infinity;
let verdict = false;

/** True when a short read of a regular file is its end on this machine now (see above). */
export function shortReadIsEnd(): boolean {
  if (process.platform !== 'linux') return false;
  const now = Date.now();
  if (now - checkedAt >= RECHECK_MS) {
    checkedAt = now;
    try {
      verdict = onlyWholeReadMounts(fs.readFileSync('/proc/self/mountinfo', 'utf8'));
    } catch {
      verdict = false;
    }
  }
  return verdict;
}

/**
 * Whether every mount in a mountinfo text is of a listed type. Each line ends with " - TYPE SOURCE OPTIONS" (the
 * fields before the separator vary in number); a line without one, or no line at all, answers no.
 */
export function onlyWholeReadMounts(mountinfo: string): boolean {
  let mounts = 0;
  for (const line of mountinfo.split('\n')) {
    if (line === '') continue;
    const separator = line.indexOf(' - ');
    if (separator < 0) return false;
    const type = line.slice(separator + 3).split(' ', 1)[0];
    if (!WHOLE_READ_TYPES.has(type)) return false;
    mounts++;
  }
  return mounts > 0;
}
