// The installed package, run as a user would: scripts/test-package.sh installs
// the .deb with apt, then runs this under Xvfb with the command of the
// installed desktop entry. From an empty data folder the app opens the demo
// newsroom, the head opens a contract's acceptance and writes the PDF dossier;
// the PDF is read back with pdftotext (fonts embedded from the installed
// binary, nothing read from the source tree, which this test never names).
//   node tests/e2e/installed.mjs <app command>
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { Driver, reportFailure, waitForDriver } from './webdriver.mjs';

const app = process.argv[2];
assert.ok(app?.startsWith('/usr/'), `the installed app's path, not a build folder's: ${app}`);
const home = mkdtempSync(join(tmpdir(), 'toasoan-installed-'));
// Started from a folder with nothing of the project in it.
process.chdir(home);
const env = {
  ...process.env,
  HOME: home,
  XDG_DATA_HOME: join(home, 'data'),
  XDG_CONFIG_HOME: join(home, 'config'),
  TAURI_WEBVIEW_AUTOMATION: 'true',
};
const driverProc = spawn('tauri-driver', ['--port', '4454', '--native-port', '4455'], { env, cwd: home, stdio: ['ignore', 'inherit', 'inherit'] });
const step = (s) => console.log(`• ${s}`);
const d = new Driver('http://127.0.0.1:4454');

try {
  await waitForDriver('http://127.0.0.1:4454');
  await d.start(app);

  step('the installed app opens on an empty data folder and loads the demo newsroom');
  await d.click('[data-testid="load-demo"]');
  await d.find('[data-login="hung"]', 60_000);
  assert.ok(existsSync(join(home, 'data/toa-soan')), 'the data folder is the user\'s own');

  step('the head opens a contract\'s acceptance and writes the PDF dossier');
  await d.click('[data-login="hung"]');
  await d.find('nav .nav-item');
  await d.click('[data-nav="contracts"]');
  const contract = '[data-contract="15/2026/HĐ-SNNMT"]';
  await d.click(`${contract} [data-testid="accept-contract"]`);
  await d.find('[data-testid="acceptance-wizard"]');
  await d.click('[data-testid="acc-preview"]');
  await d.until('preview', async () => (await d.text('[data-testid="acc-summary"]')).includes('Đợt 1'));
  await d.exec(`document.querySelector('[data-testid="acc-confirm"]').scrollIntoView({ block: 'center' })`);
  await d.click('[data-testid="acc-confirm"]');
  await d.click('[data-testid="acc-pdf"]');
  await d.until('the PDF is listed', async () => (await d.findAll('[data-testid="acc-file"]')).length === 1);
  const pdf = await d.exec(`return document.querySelector('[data-testid="acc-file"]').dataset.path`);
  assert.ok(pdf.endsWith('.pdf') && existsSync(pdf) && statSync(pdf).size > 10_000, `PDF written: ${pdf}`);
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  assert.ok(text.includes('15/2026/HĐ-SNNMT'), 'the dossier names its contract');
  assert.ok(/BẢNG KÊ|Bảng kê/.test(text), 'Vietnamese headings come out of the embedded font');
  assert.ok(/\d{1,3}(\.\d{3})+ ?₫|\d{1,3}(\.\d{3})+ đồng/.test(text), 'amounts in đồng');
  console.log('installed app: all steps passed');
} catch (e) {
  await reportFailure(d, home, 'installed app', e);
} finally {
  await d.quit();
  driverProc.kill();
}
