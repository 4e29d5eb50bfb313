// For tests that need the class server: the debug `parlab-class` that
// `cargo test --workspace` builds (built here if it is missing), started on a
// free loopback port with a SQLite file of its own, serving dist/.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './browser.js';

const BINARY = 'target/debug/parlab-class';

/** Starts the server; resolves with { url, stop() } once it answers. */
export async function startClassServer() {
  if (!existsSync(BINARY)) execFileSync('cargo', ['build', '-p', 'parlab-class'], { stdio: 'inherit' });
  const folder = mkdtempSync(join(tmpdir(), 'parlab-class-test-'));
  const port = await freePort();
  const server = spawn(BINARY, ['--listen', `127.0.0.1:${port}`, '--site', 'dist', '--database-url', `sqlite://${join(folder, 'class.db')}`], { stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}/`;
  const stop = () => {
    server.kill('SIGKILL');
    rmSync(folder, { recursive: true, force: true });
  };
  for (let tries = 0; ; tries++) {
    try {
      if ((await fetch(url)).ok) return { url, stop };
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
