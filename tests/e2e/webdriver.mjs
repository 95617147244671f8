// A small W3C WebDriver client over fetch (Node 20): just what the e2e suite
// uses, so the suite needs no npm packages of its own.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ELEMENT = 'element-6066-11e4-a6e6-4a7c-4ac0-11e4-a6e6';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class Driver {
  constructor(base) {
    this.base = base;
    this.id = null;
  }

  async req(method, path, body) {
    const url = `${this.base}${path}`;
    const res = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    const json = await res.json().catch(() => ({}));
    if (!res.ok) {
      const v = json.value ?? {};
      throw new Error(`${method} ${path}: ${v.error ?? res.status} ${v.message ?? ''}`);
    }
    return json.value;
  }

  async start(application) {
    const v = await this.req('POST', '/session', {
      capabilities: { alwaysMatch: { 'tauri:options': { application } } },
    });
    this.id = v.sessionId;
    return this;
  }

  async quit() {
    if (!this.id) return;
    try {
      await this.req('DELETE', `/session/${this.id}`);
    } catch {
      // The app may already be gone (the crash test kills it).
    }
    this.id = null;
  }

  s(path) {
    return `/session/${this.id}${path}`;
  }

  async findAll(css) {
    const v = await this.req('POST', this.s('/elements'), { using: 'css selector', value: css });
    return v.map((e) => e[ELEMENT] ?? Object.values(e)[0]);
  }

  /** Waits until `css` matches, then returns the first element. */
  async find(css, timeout = 15_000) {
    const end = Date.now() + timeout;
    for (;;) {
      const all = await this.findAll(css).catch(() => []);
      if (all.length) return all[0];
      if (Date.now() > end) throw new Error(`no element matches ${css} after ${timeout} ms`);
      await sleep(150);
    }
  }

  async click(css) {
    const el = await this.find(css);
    await this.req('POST', this.s(`/element/${el}/click`), {});
    return el;
  }

  async type(css, text) {
    const el = await this.find(css);
    await this.req('POST', this.s(`/element/${el}/value`), { text });
    return el;
  }

  async clear(css) {
    const el = await this.find(css);
    await this.req('POST', this.s(`/element/${el}/clear`), {});
  }

  async text(css) {
    const el = await this.find(css);
    return this.req('GET', this.s(`/element/${el}/text`));
  }

  async value(css) {
    const el = await this.find(css);
    return this.req('GET', this.s(`/element/${el}/property/value`));
  }

  async exec(script, args = []) {
    return this.req('POST', this.s('/execute/sync'), { script, args });
  }

  /** Polls `fn` until it returns a truthy value. */
  async until(what, fn, timeout = 15_000) {
    const end = Date.now() + timeout;
    let last;
    for (;;) {
      try {
        last = await fn();
        if (last) return last;
      } catch (e) {
        last = e;
      }
      if (Date.now() > end) throw new Error(`timed out waiting for ${what} (last: ${last})`);
      await sleep(200);
    }
  }

  async screenshot(file) {
    await sleep(500);
    const b64 = await this.req('GET', this.s('/screenshot'));
    writeFileSync(file, Buffer.from(b64, 'base64'));
  }
}

/** Waits until tauri-driver answers at `base` (e.g. http://127.0.0.1:4444). */
export async function waitForDriver(base) {
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`${base}/status`);
      return;
    } catch {
      await sleep(100);
    }
  }
  throw new Error('tauri-driver did not start');
}

/** Reports a failed suite: the error, a screenshot of the window in `dir`, exit code 1. */
export async function reportFailure(d, dir, label, e) {
  console.error(`${label} FAILED:`, e);
  try {
    await d.screenshot(join(dir, 'failure.png'));
    console.error(`screenshot of the failure: ${join(dir, 'failure.png')}`);
  } catch {}
  process.exitCode = 1;
}

export { sleep };
