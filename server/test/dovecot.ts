import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

const DOVECOT = '/usr/sbin/dovecot';

/**
 * Dovecot from Debian's packages (`dovecot-imapd`), installed here if it is missing and we
 * are root. Returns why it cannot be had, or null when it is there.
 */
export function ensureDovecotInstalled(): string | null {
  if (existsSync(DOVECOT) && existsSync('/usr/lib/dovecot/imap')) return null;
  if (userInfo().uid !== 0)
    return 'dovecot-imapd is not installed and this is not root (apt-get install -y dovecot-imapd)';
  try {
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'dovecot-imapd'], {
      stdio: 'ignore',
      timeout: 240_000,
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } catch {
    try {
      execFileSync('apt-get', ['update'], { stdio: 'ignore', timeout: 240_000 });
      execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'dovecot-imapd'], {
        stdio: 'ignore',
        timeout: 240_000,
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    } catch (error) {
      return `apt-get install dovecot-imapd failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  return existsSync(DOVECOT) ? null : 'dovecot is still missing after apt-get install';
}

export interface Dovecot {
  port: number;
  user: string;
  password: string;
  stop(): Promise<void>;
}

/**
 * Our own Dovecot process on a loopback port, with a throwaway configuration, a passwd-file
 * with one user and Maildir storage in a temporary directory. Plain IMAP (no TLS) on loopback.
 */
export async function startDovecot(port: number): Promise<Dovecot> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sd-dovecot-'));
  await chmod(dir, 0o755);
  const user = 'support@support.localhost';
  const password = 'imap-secret-42';
  const home = path.join(dir, 'home');
  await mkdir(home, { recursive: true });
  const root = userInfo().uid === 0;
  // Mail processes must not run as root: the mail user is `nobody` when we are root.
  const uid = root ? 65534 : userInfo().uid;
  const gid = root ? 65534 : userInfo().gid;
  if (root) await chown(home, uid, gid);
  await writeFile(path.join(dir, 'passwd'), `${user}:{PLAIN}${password}::::::\n`);
  const config = `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${home}/%u/Maildir
first_valid_uid = 1
${root ? 'default_internal_user = dovecot\ndefault_login_user = dovenull' : `default_internal_user = ${userInfo().username}\ndefault_login_user = ${userInfo().username}`}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${home}/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
`;
  await writeFile(path.join(dir, 'dovecot.conf'), config);
  const child: ChildProcess = spawn(DOVECOT, ['-F', '-c', path.join(dir, 'dovecot.conf')], {
    stdio: 'ignore',
  });
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const until = Date.now() + 20_000;
  for (;;) {
    if (exited) {
      const log = await readFile(path.join(dir, 'dovecot.log'), 'utf8').catch(() => '(no log)');
      throw new Error(`dovecot exited at start:\n${log}`);
    }
    if (await canConnect(port)) break;
    if (Date.now() > until) throw new Error('dovecot did not start listening');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    port,
    user,
    password,
    async stop() {
      if (!exited && child.pid) {
        const done = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await done;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
