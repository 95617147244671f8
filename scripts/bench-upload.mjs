// Media upload through the window: the time from a 24-megapixel JPEG being
// picked in the library (the file input's `change` event) to its thumbnail
// painted in the grid, against the core's own import of the same file
// (`toasoan-bench photos`), in the same run. The file crosses IPC as raw bytes
// (src-tauri/src/commands.rs: import_media_bytes). Goal: ≤ 1.2× the core.
// Run under a display (scripts/bench-app.sh runs it after the start-up bench):
//   node scripts/bench-upload.mjs <app> <newsroom> <toasoan-bench> [photos]
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Driver, waitForDriver } from '../tests/e2e/webdriver.mjs';

const [app, newsroom, bench, nArg] = process.argv.slice(2);
const n = Number(nArg ?? 5);
const home = mkdtempSync(join(tmpdir(), 'toasoan-upload-'));
const env = {
  ...process.env,
  XDG_DATA_HOME: join(home, 'data'),
  XDG_CONFIG_HOME: join(home, 'config'),
  TAURI_WEBVIEW_AUTOMATION: 'true',
};
// As shipped: the app chooses the renderer (the e2e suites force it on for screenshots).
delete env.WEBKIT_DISABLE_DMABUF_RENDERER;
execFileSync(newsroom, ['init'], { env, stdio: 'ignore' });
execFileSync(newsroom, ['demo'], { env, stdio: 'ignore' });
const photos = join(home, 'photos');
const out = execFileSync(bench, ['photos', photos, String(n)], { encoding: 'utf8' });
const core = Number(/core-import-ms p50 ([\d.]+)/.exec(out)[1]);

const driverProc = spawn('tauri-driver', ['--port', '4464', '--native-port', '4465'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
const d = new Driver('http://127.0.0.1:4464');
const times = [];
try {
  await waitForDriver('http://127.0.0.1:4464');
  await d.start(resolve(app));
  await d.click('[data-login="an"]');
  await d.click('[data-nav="library"]');
  await d.find('[data-testid="library"] [data-testid="media-file"]');
  for (let i = 0; i < n; i++) {
    const name = `IMG_24MP_${i}.jpg`;
    await d.exec(`
      const name = arguments[0];
      window.__up = {};
      document.addEventListener('change', () => { window.__up.t0 ??= performance.now(); }, { capture: true, once: true });
      const seen = (img) => {
        if (img.alt !== name || img.__watched) return;
        img.__watched = true;
        const done = () => { window.__up.t1 ??= performance.now(); };
        if (img.complete && img.naturalWidth) done(); else img.addEventListener('load', done);
      };
      new MutationObserver((_, obs) => {
        document.querySelectorAll('.media-card img').forEach(seen);
        if (window.__up.t1) obs.disconnect();
      }).observe(document.body, { childList: true, subtree: true, attributes: true });`, [name]);
    await d.type('[data-testid="library"] [data-testid="media-file"]', join(photos, name));
    const ms = await d.until(`thumbnail of ${name}`, () => d.exec('return window.__up.t1 ? window.__up.t1 - window.__up.t0 : null'), 60_000);
    times.push(ms);
    console.log(`window: ${name} picked → thumbnail painted ${ms.toFixed(0)} ms`);
  }
} finally {
  await d.quit();
  driverProc.kill();
}
const median = [...times].sort((a, b) => a - b)[Math.floor((times.length - 1) / 2)];
console.log(`media upload, 24 MP JPEG (${n} photos): window pick → thumbnail p50 ${median.toFixed(0)} ms; core import p50 ${core.toFixed(0)} ms; ratio ${(median / core).toFixed(2)}× (goal ≤ 1.2)`);
