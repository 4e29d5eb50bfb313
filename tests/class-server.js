// For tests that need the class server: the debug `parlab-class` that
// `cargo test --workspace` builds (built here if it is missing), started on a
// free loopback port with a SQLite file of its own, serving dist/.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './loopback-port.js';

const BINARY = 'target/debug/parlab-class';

/**
 * Starts the server; resolves once it answers with { url, stop(), crash(), restart() }:
 * `crash` kills it at once (kill -9), `restart` starts it again on the same port and database.
 */
export async function startClassServer() {
  if (!existsSync(BINARY)) execFileSync('cargo', ['build', '-p', 'parlab-class'], { stdio: 'inherit' });
  const folder = mkdtempSync(join(tmpdir(), 'parlab-class-test-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  let server = null;
  const crash = () => server?.kill('SIGKILL');
  const stop = () => {
    crash();
    rmSync(folder, { recursive: true, force: true });
  };
  async function start() {
    server = spawn(BINARY, ['--listen', `127.0.0.1:${port}`, '--site', 'dist', '--database-url', `sqlite://${join(folder, 'class.db')}`], { stdio: ['ignore', 'ignore', 'inherit'] });
    for (let tries = 0; ; tries++) {
      try {
        if ((await fetch(url)).ok) return;
      } catch {
        // Not listening yet.
      }
      if (tries > 100 || server.exitCode !== null) {
        stop();
        throw new Error(`parlab-class did not start on port ${port}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await start();
  return { url, stop, crash, restart: start };
}
