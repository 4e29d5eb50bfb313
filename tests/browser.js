// The browsers the tests drive, all from Debian's packages (no browser downloads):
//   Chromium   the main e2e browser, by playwright-core
//   Firefox    ESR, by puppeteer-core over WebDriver BiDi
//   WebKitGTK  the Safari family: its MiniBrowser on a virtual display (Xvfb),
//              by WebKitWebDriver and selenium-webdriver
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { freePort } from './loopback-port.js';

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

export const FIREFOX = '/usr/bin/firefox-esr';
const WEBKIT_DRIVER = '/usr/bin/WebKitWebDriver';
// Debian puts it in the multiarch library folder.
const MINIBROWSER = `/usr/lib/${{ arm64: 'aarch64', x64: 'x86_64' }[process.arch] ?? process.arch}-linux-gnu/webkit2gtk-4.1/MiniBrowser`;
const XVFB = '/usr/bin/Xvfb';

/** Why a browser cannot be tested here (what to install), or null when it can. */
export function missingBrowser(name) {
  const needs = {
    firefox: { files: [FIREFOX], packages: 'firefox-esr' },
    webkit: { files: [WEBKIT_DRIVER, MINIBROWSER, XVFB], packages: 'webkit2gtk-driver xvfb' },
  }[name];
  const absent = needs.files.filter((file) => !existsSync(file));
  return absent.length === 0 ? null : `${absent.join(', ')} not found: run 'sudo apt-get install -y ${needs.packages}' (or scripts/setup.sh --browser as root)`;
}

// A call into the page that has not answered in this long has hung (a sweep there takes seconds).
const FIREFOX_CALL_TIMEOUT_MS = 100_000;

export async function launchFirefox() {
  const { default: puppeteer } = await import('puppeteer-core');
  return puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, protocolTimeout: FIREFOX_CALL_TIMEOUT_MS });
}

/**
 * Starts Xvfb on a free display, WebKitWebDriver on a free port, and a
 * MiniBrowser session. Resolves with { driver, close }; `close` ends all three,
 * and so does the exit of this process, even after a failed test.
 */
export async function launchWebKit() {
  const children = [];
  const stopAll = () => {
    for (const child of children.reverse()) if (child.exitCode === null) child.kill('SIGKILL');
  };
  process.once('exit', stopAll);
  const close = async (driver) => {
    await driver?.quit().catch(() => {});
    stopAll();
    process.removeListener('exit', stopAll);
  };
  try {
    // -displayfd: Xvfb picks a free display and writes its number to fd 3.
    const xvfb = spawn(XVFB, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    children.push(keepStderr(xvfb));
    const display = await firstLine(xvfb, xvfb.stdio[3]);
    const port = await freePort();
    const webDriver = spawn(WEBKIT_DRIVER, [`--port=${port}`], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, DISPLAY: `:${display}` } });
    children.push(keepStderr(webDriver));
    await untilAnswering(`http://127.0.0.1:${port}/status`, webDriver);
    const { Builder } = await import('selenium-webdriver');
    const driver = await new Builder().usingServer(`http://127.0.0.1:${port}`).withCapabilities({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
    }).build();
    return { driver, close: () => close(driver) };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Reads what a child says on stderr (so that it never blocks on a full pipe), for error messages. */
function keepStderr(child) {
  child.stderrText = '';
  child.stderr.on('data', (chunk) => { child.stderrText = (child.stderrText + chunk).slice(-2000); });
  return child;
}

function exitMessage(child) {
  return `${child.spawnfile} exited with code ${child.exitCode}: ${child.stderrText.trim()}`;
}

function firstLine(child, stream) {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.on('data', (chunk) => {
      text += chunk;
      if (text.includes('\n')) resolve(text.trim());
    });
    child.once('exit', () => reject(new Error(exitMessage(child))));
  });
}

async function untilAnswering(url, child) {
  for (let tries = 0; tries < 100; tries++) {
    if (child.exitCode !== null) throw new Error(exitMessage(child));
    if (await fetch(url).then((response) => response.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${child.spawnfile} did not answer at ${url} within 10 s`);
}
