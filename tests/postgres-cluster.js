// A throwaway PostgreSQL cluster for the class server's tests and load runs,
// as server/tests/common starts one: initdb in a temp folder, trust
// authentication, listening on a free loopback port. As root the tools run as
// the `postgres` user (initdb refuses root).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './loopback-port.js';

/** The newest installed PostgreSQL's bin folder, or null. */
function installedBin() {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((version) => existsSync(`${root}/${version}/bin/initdb`)) : [];
  if (!versions.length) return null;
  return `${root}/${versions.sort((a, b) => Number(a) - Number(b)).at(-1)}/bin`;
}

/**
 * Starts a cluster; resolves with { url, version, stop() }, or null when PostgreSQL
 * is not installed. `stop()` stops it and removes its folder; call it in a finally.
 */
export async function startPostgres() {
  const bin = installedBin();
  if (!bin) return null;
  const asRoot = process.getuid() === 0;
  const run = (tool, args) => {
    if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', `${bin}/${tool}`, ...args], { stdio: 'pipe' });
    else execFileSync(`${bin}/${tool}`, args, { stdio: 'pipe' });
  };
  const dir = mkdtempSync(join(tmpdir(), 'parlab-postgres-'));
  if (asRoot) execFileSync('chown', ['postgres', dir]);
  const data = join(dir, 'data');
  const port = await freePort();
  try {
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'parlab']);
    run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, '-w', 'start']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgresql://parlab@127.0.0.1:${port}/postgres`,
    version: bin.split('/').at(-2),
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
