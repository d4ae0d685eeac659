// Connections kept open between runs to the same login, owned by whoever makes many runs (the language server's
// profiling session, a benchmark): a run borrows an idle live connection to the same host, port, user, key and
// known_hosts instead of connecting again, and with it the connection's command shell, so it skips the handshake and
// the login shell's start-up. A connection that was lost is never lent again; idle ones close after `idleMs`.
import { SshConnection, type SshTarget } from './ssh-connection';

interface Idle {
  conn: SshConnection;
  timer: NodeJS.Timeout;
}

export class SshKeeper {
  private readonly idle = new Map<string, Idle[]>();
  private closed = false;

  constructor(private readonly idleMs = 60_000) {}

  private static keyOf(target: SshTarget): string {
    return JSON.stringify([
      target.host,
      target.port ?? 22,
      target.username,
      target.identityFile ?? null,
      target.agent ?? null,
      target.knownHostsFile ?? null,
    ]);
  }

  /** An idle live connection to the same login, or a new one. */
  async borrow(target: SshTarget): Promise<SshConnection> {
    const list = this.idle.get(SshKeeper.keyOf(target)) ?? [];
    for (let kept = list.pop(); kept; kept = list.pop()) {
      clearTimeout(kept.timer);
      if (!kept.conn.isLost) return kept.conn;
      kept.conn.close();
    }
    return SshConnection.connect(target);
  }

  /** Takes the connection back for the next run (a lost one is closed). */
  giveBack(target: SshTarget, conn: SshConnection): void {
    if (conn.isLost || this.closed) return conn.close();
    const key = SshKeeper.keyOf(target);
    const list = this.idle.get(key) ?? [];
    const timer = setTimeout(() => {
      const i = list.findIndex((k) => k.conn === conn);
      if (i >= 0) list.splice(i, 1);
      conn.close();
    }, this.idleMs);
    timer.unref();
    list.push({ conn, timer });
    this.idle.set(key, list);
  }

  /** Closes every idle connection; later give-backs close theirs. */
  closeAll(): void {
    this.closed = true;
    for (const list of this.idle.values())
      for (const kept of list.splice(0)) {
        clearTimeout(kept.timer);
        kept.conn.close();
      }
  }
}
