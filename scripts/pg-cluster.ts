/**
 * A private, throw-away PostgreSQL cluster for tests and benchmarks: `initdb` in a temporary
 * directory, the server listening on a Unix socket in that directory only (no TCP, no port
 * shared with anything else on the machine), trust authentication for the one user `canji`,
 * stopped and deleted by `stop()`. Needs the server binaries (Debian: `apt-get install
 * postgresql`; `.ci/run` installs them); run as root, the cluster belongs to the `postgres` user.
 *
 * Binaries: `$CANJI_PG_BIN`, else the newest `/usr/lib/postgresql/<version>/bin`.
 *
 *   const pg = await startPostgres();   // null when no binaries are installed
 *   pg.url                             // postgresql://canji@localhost/canji?host=/tmp/canji-pg-…&port=5433
 *   await pg.stop();
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PostgresCluster {
  /** A connection string for node-postgres (`pg`) and psql. */
  url: string;
  /** The socket directory and port, for clients that take them apart. */
  host: string;
  port: number;
  /** The server binaries' directory (psql is there too). */
  bin: string;
  stop(): Promise<void>;
}

/** The directory of the PostgreSQL server binaries, or `undefined` when none is installed. */
export function postgresBin(): string | undefined {
  const given = process.env.CANJI_PG_BIN;
  if (given) return existsSync(join(given, 'initdb')) ? given : undefined;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0]!, 'bin') : undefined;
}

function userIds(name: string): { uid: number; gid: number } | undefined {
  const r = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (r.status !== 0 || g.status !== 0) return undefined;
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

/** Starts a private cluster; `null` when no PostgreSQL server binaries are installed. */
export async function startPostgres(): Promise<PostgresCluster | null> {
  const bin = postgresBin();
  if (!bin) return null;
  const dir = mkdtempSync(join(tmpdir(), 'canji-pg-'));
  const data = join(dir, 'data');
  // PostgreSQL refuses to run as root: as root, the cluster is the postgres user's.
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? userIds('postgres') : undefined;
  if (asRoot && !owner) throw new Error('pg-cluster: running as root, but there is no "postgres" user to own the cluster');
  if (owner) {
    chownSync(dir, owner.uid, owner.gid);
    chmodSync(dir, 0o700);
  }
  const run = (cmd: string, args: string[]) => {
    const full = join(bin, cmd);
    return owner ? execFileSync('runuser', ['-u', 'postgres', '--', full, ...args], { stdio: 'pipe' }) : execFileSync(full, args, { stdio: 'pipe' });
  };
  const port = 5433 + Math.floor(Math.random() * 2000);
  try {
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'canji', '-E', 'UTF8', '--locale=C', '--no-sync']);
    const opts = `-k ${dir} -p ${port} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    run('pg_ctl', ['-D', data, '-o', opts, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
    run('createdb', ['-h', dir, '-p', String(port), '-U', 'canji', 'canji']);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`pg-cluster: could not start PostgreSQL from ${bin}: ${(e as { stderr?: Buffer }).stderr?.toString() ?? String(e)}`);
  }
  let stopped = false;
  return {
    url: `postgresql://canji@localhost/canji?host=${encodeURIComponent(dir)}&port=${port}`,
    host: dir,
    port,
    bin,
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
