// End-to-end suite in the real app window: tauri-driver + WebKitWebDriver,
// under Xvfb (scripts/test.sh runs it with xvfb-run). One newsroom story, start to end:
// demo loaded from the sign-in screen; a reporter writes, the app is killed
// mid-typing and restarted, nothing is lost; submit; the editor requests changes
// with a comment; the reporter revises and resubmits; the editor approves and
// records the publication (a bad URL first: refused with a Vietnamese message);
// the head's dashboard shows the delivered count go up; a search without
// diacritics finds the piece. Screenshots of each main screen go to
// assets/screenshots/. Finally the head adds the loopback WordPress
// (scripts/wordpress.sh) as a portal, publishes an approved piece through the
// background worker, and meets a conflict after the post is edited on the portal.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import assert from 'node:assert/strict';
import { Driver, reportFailure, sleep, waitForDriver } from './webdriver.mjs';

const root = resolve(import.meta.dirname, '../..');
const app = process.env.TOASOAN_APP ?? join(process.env.CARGO_TARGET_DIR ?? join(root, 'target'), 'debug/toasoan');
const shots = join(root, 'assets/screenshots');
mkdirSync(shots, { recursive: true });
const home = mkdtempSync(join(tmpdir(), 'toasoan-e2e-'));
// «Lưu thành…» saves here instead of asking through the system's dialog.
const saveAsDir = mkdtempSync(join(tmpdir(), 'toasoan-save-as-'));
const env = {
  ...process.env,
  TOASOAN_SAVE_AS_DIR: saveAsDir,
  XDG_DATA_HOME: join(home, 'data'),
  XDG_CONFIG_HOME: join(home, 'config'),
  TAURI_WEBVIEW_AUTOMATION: 'true',
};

const driverProc = spawn('tauri-driver', ['--port', '4444', '--native-port', '4445'], { env, stdio: ['ignore', 'inherit', 'inherit'] });
const step = (s) => console.log(`• ${s}`);
let d = new Driver('http://127.0.0.1:4444');


async function signIn(login) {
  await d.click(`[data-login="${login}"]`);
  await d.find('nav .nav-item');
}

async function signOut() {
  await d.click('[data-testid="sign-out"]');
  await d.find('[data-login]');
}

async function openPiece(num) {
  await d.click(`[data-open="${num}"]`);
  await d.find('.piece-title');
}

const pieceState = () => d.exec(`return document.querySelector('.piece-title [data-state]')?.dataset.state ?? null`);
const bodyText = () => d.exec(`return document.querySelector('.cm-content')?.innerText ?? null`);
const waitState = (s) => d.until(`piece state ${s}`, async () => (await pieceState()) === s);

async function deliveredByContract() {
  await d.find('[data-contract] [data-testid="delivered"]');
  return d.exec(`return Object.fromEntries([...document.querySelectorAll('[data-contract]')].map(c => [c.dataset.contract, c.querySelector('[data-testid=delivered]').innerText]))`);
}

// Bình has a freshly assigned piece in the demo newsroom.
const REPORTER = 'binh';
const HEADLINE = 'Chuyện ở xóm Bến Đình: sổ đỏ về tay sau ba mươi năm';
const SAPO = 'Nhờ Luật Đất đai 2024, hơn 40 hộ dân xóm Bến Đình được cấp giấy chứng nhận lần đầu.';
const PART1 = 'Ông Nguyễn Văn Tư, 72 tuổi, cầm cuốn sổ đỏ mới. ';
const PART2 = 'Cán bộ địa chính xã đã đo đạc lại từng thửa đất trong ba tháng.';
const REVISION = ' Bổ sung: 43 hộ đã nhận sổ, 6 hộ còn chờ.';

try {
  await waitForDriver('http://127.0.0.1:4444');
  await d.start(app);

  step('first start: an empty data folder offers «Tạo tòa soạn mới» beside the demo; a missing name is said in the form');
  await d.find('[data-testid="new-newsroom"]');
  await d.type('[data-testid="new-head"]', 'Trần Quốc Hùng');
  await d.click('[data-testid="create-newsroom"]');
  await d.until('the missing newsroom name is said', async () => (await d.text('[data-testid="new-problem"]')).includes('tên tòa soạn'));
  await d.screenshot(join(shots, '00-first-run.png'));

  step('the demo newsroom loaded from the sign-in screen');
  await d.click('[data-testid="load-demo"]');
  await d.find('[data-login="an"]', 60_000);
  await d.screenshot(join(shots, '01-sign-in.png'));

  step('head: delivered counts before');
  await signIn('hung');
  const before = await deliveredByContract();
  await signOut();

  step('reporter: my work');
  await signIn(REPORTER);
  await d.find('[data-testid="piece-list"]');
  await d.screenshot(join(shots, '02-my-work.png'));
  const num = await d.exec(
    `const r = [...document.querySelectorAll('tr[data-num]')].find(r => r.querySelector('[data-state="assigned"]')); return r ? Number(r.dataset.num) : null`,
  );
  assert.ok(num, 'the reporter has an assigned piece to write');
  await openPiece(num);

  step('reporter writes; autosave shows "Đã lưu"');
  await d.type('[data-testid="headline"]', HEADLINE);
  await d.type('[data-testid="sapo"]', SAPO);
  await d.click('.cm-content');
  await d.type('.cm-content', PART1);
  await d.until('saved', async () => (await d.text('[data-testid="save-state"]')).includes('Đã lưu'));

  step('the app is killed while the reporter is typing');
  await d.type('.cm-content', PART2);
  execFileSync('pkill', ['-KILL', '-f', app]);
  await d.quit();
  await sleep(500);

  step('restart: everything typed is there');
  d = new Driver('http://127.0.0.1:4444');
  await d.start(app);
  await signIn(REPORTER);
  await openPiece(num);
  assert.equal(await d.value('[data-testid="headline"]'), HEADLINE);
  assert.equal(await d.value('[data-testid="sapo"]'), SAPO);
  assert.equal((await bodyText()).trim(), (PART1 + PART2).trim());
  await d.find('[data-testid="preview"] p');
  await d.screenshot(join(shots, '03-writing.png'));

  step('reporter submits');
  await d.click('[data-testid="submit"]');
  await waitState('submitted');
  await signOut();

  step('editor: review queue, request changes with a comment');
  await signIn('lan');
  await d.find('[data-testid="piece-list"]');
  await d.screenshot(join(shots, '04-review-queue.png'));
  await openPiece(num);
  await d.find('[data-testid="review-actions"]');
  await d.type('[data-testid="request-text"]', 'Cần số liệu cụ thể: bao nhiêu hộ đã nhận sổ?');
  await d.click('[data-testid="request-changes"]');
  await waitState('changes-requested');
  await signOut();

  step('reporter sees the comment, revises and resubmits');
  await signIn(REPORTER);
  await openPiece(num);
  await d.click('[data-tab="comments"]');
  await d.until('comment shown', async () => (await d.text('.comments')).includes('bao nhiêu hộ'));
  await d.click('.cm-content');
  await d.type('.cm-content', '\uE009\uE010'); // Ctrl+End
  await d.type('.cm-content', REVISION);
  await d.until('saved', async () => (await d.text('[data-testid="save-state"]')).includes('Đã lưu'));

  step('reporter adds a photo from the library: a bad file is refused by name, the photo gets caption and credit');
  await d.click('[data-testid="open-library"]');
  await d.find('[data-testid="library-picker"]');
  const fixtures = join(root, 'tests/e2e/fixtures');
  await d.type('[data-testid="library-picker"] [data-testid="media-file"]', `${join(fixtures, 'cau-song-tra.jpg')}\n${join(fixtures, 'thu-moi.jpg')}`);
  await d.until('refusal shown', async () => (await d.text('[data-testid="media-refused"]')).includes('thu-moi.jpg'));
  assert.ok((await d.text('[data-testid="media-refused"]')).includes('không phải ảnh'), 'the refusal says why, in Vietnamese');
  await d.find('[data-testid="media-detail"] img.media-large');
  await d.until('thumbnail served by media://', () =>
    d.exec(`const i = document.querySelector('.media-card img'); return !!i && i.complete && i.naturalWidth === 320`),
  );
  await d.type('[data-testid="media-caption"]', 'Cầu Sông Trà nối hai xã sau 30 năm chờ đợi');
  await d.type('[data-testid="media-credit"]', 'Ảnh: Vũ Bình');
  await d.click('[data-testid="media-save"]');
  await d.until('caption saved', async () => !(await d.text('[data-testid="library-picker"] .media-grid')).includes('Thiếu chú thích'));
  await d.exec(`document.querySelector('.modal').scrollTop = 0; document.activeElement?.blur()`);
  await d.screenshot(join(shots, '09-media-library.png'));
  await d.click('[data-testid="media-insert"]');
  await d.until('image inserted as a chip', async () =>
    d.exec(`return document.querySelectorAll('.cm-content [data-testid="media-chip"]').length === 1`),
  );
  assert.ok(!(await bodyText()).includes('media:'), 'the photo reference is never on screen');
  assert.ok((await d.text('[data-testid="media-chip"]')).includes('Cầu Sông Trà'), 'the chip shows the caption');
  assert.ok((await d.text('[data-testid="media-chip"]')).includes('Ảnh: Vũ Bình'), 'and the credit once');
  await d.click('[data-tab="preview"]');
  await d.until('figure previewed with its caption', () =>
    d.exec(`const f = document.querySelector('[data-testid="preview"] figure'); const i = f?.querySelector('img');
            return !!i && i.complete && i.naturalWidth === 1600 && f.querySelector('figcaption').textContent.includes('Ảnh: Vũ Bình')`),
  );
  await d.until('saved', async () => (await d.text('[data-testid="save-state"]')).includes('Đã lưu'));
  await d.screenshot(join(shots, '10-figure-preview.png'));
  await d.click('[data-testid="submit"]');
  await waitState('submitted');
  await signOut();

  step('editor sees the side-by-side diff and approves');
  await signIn('lan');
  await openPiece(num);
  await d.find('[data-testid="diff"] ins');
  assert.ok((await d.text('[data-testid="diff"]')).includes('43 hộ'));
  await d.screenshot(join(shots, '05-review-diff.png'));
  await d.click('[data-testid="approve"]');
  await waitState('approved');

  step('a bad publication URL is refused in Vietnamese and changes nothing');
  await d.type('[data-testid="publish-url"]', 'bai-viet-khong-co-dia-chi');
  await d.click('[data-testid="mark-published"]');
  await d.until('error notice', async () => (await d.text('[data-testid="notice"]')).includes('Dữ liệu nhập chưa hợp lệ'));
  assert.equal(await pieceState(), 'approved');
  await d.clear('[data-testid="publish-url"]');
  await d.type('[data-testid="publish-url"]', 'https://binhson.gov.vn/tin-tuc/so-do-ben-dinh');
  await d.click('[data-testid="mark-published"]');
  await waitState('published');

  step('the editor changes an assignment: a later deadline (warned: after the contract), another reporter');
  await d.click('[data-nav="pieces"]');
  await d.click('[data-filter="all"]');
  let video = null;
  await d.until('the demo\'s assigned video piece is listed', async () => {
    video = await d.exec(
      `return [...document.querySelectorAll('tr[data-num]')].find((r) => r.innerText.includes('Video: Người phát ngôn trả lời trực tuyến'))?.dataset.num ?? null`,
    );
    return video !== null;
  });
  await openPiece(video);
  await d.click('[data-testid="edit-assignment"]');
  await d.find('[data-testid="assignment-form"]');
  await d.find('[data-testid="af-reporter"] option[value="an"]');
  await d.clear('[data-testid="af-due"]');
  await d.type('[data-testid="af-due"]', '31/02/2026');
  await d.click('[data-testid="af-save"]');
  assert.ok((await d.text('[data-testid="af-problem"]')).includes('Hạn nộp'), 'a date that does not exist is named');
  await d.clear('[data-testid="af-due"]');
  await d.type('[data-testid="af-due"]', '20/01/2027');
  await d.exec(`const s = document.querySelector('[data-testid="af-reporter"]'); s.value = 'an'; s.dispatchEvent(new Event('change'))`);
  await d.screenshot(join(shots, '25-assignment-form.png'));
  await d.click('[data-testid="af-save"]');
  await d.until('saved with the warning', async () => (await d.text('[data-testid="notice"]')).includes('sau ngày kết thúc hợp đồng'));
  await d.until('new deadline shown', async () => (await d.text('.piece-meta')).includes('20/01/2027'));
  assert.ok((await d.text('.piece-meta')).includes('Lê Thanh An'), 'the piece is now An\'s');
  await signOut();

  step("head's dashboard: delivered count went up by one");
  await signIn('hung');
  const after = await deliveredByContract();
  const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
  assert.equal(changed.length, 1, `exactly one contract changed: ${JSON.stringify({ before, after })}`);
  const n = (s) => Number(s.match(/\d+/)[0]);
  assert.equal(n(after[changed[0]]), n(before[changed[0]]) + 1);
  await d.screenshot(join(shots, '06-contracts.png'));

  step('search without diacritics finds the piece');
  await d.click('[data-nav="search"]');
  await d.type('[data-testid="search-input"]', 'xom ben dinh so do');
  await d.find(`[data-hit="${num}"]`);
  assert.ok((await d.text(`[data-hit="${num}"]`)).includes('Bến Đình'));
  await d.find('.hits mark');
  await d.screenshot(join(shots, '07-search.png'));
  await d.click(`[data-hit="${num}"]`);
  await d.find('.piece-title');

  step('settings: English switch, then back');
  await d.click('[data-nav="settings"]');
  await d.screenshot(join(shots, '08-settings.png'));
  await d.click('[data-lang="en"]');
  await d.until('English UI', async () => (await d.text('[data-nav="settings"]')) === 'Settings');
  await d.click('[data-lang="vi"]');
  await d.until('Vietnamese UI', async () => (await d.text('[data-nav="settings"]')) === 'Cài đặt');

  step('settings: the head adds the loopback WordPress as a portal (secret from an environment variable)');
  const wpUrl = process.env.TOASOAN_WP_URL;
  assert.ok(wpUrl, 'TOASOAN_WP_URL is set (scripts/wordpress.sh up)');
  await d.type('[data-testid="portal-name"]', 'cong-tinh');
  await d.type('[data-testid="portal-url"]', wpUrl);
  await d.type('[data-testid="portal-user"]', process.env.TOASOAN_WP_USER);
  await d.click('input[value="env"]');
  await d.type('[data-testid="portal-env"]', 'TOASOAN_WP_PASSWORD');
  await d.click('[data-testid="portal-add"]');
  await d.until('portal listed', async () => (await d.text('[data-testid="portals"]')).includes('cong-tinh'));
  await d.screenshot(join(shots, '11-portal-settings.png'));

  step('an approved piece is published to WordPress by the background worker; the proof is shown');
  const pub = 16;
  await d.click('[data-nav="pieces"]');
  await d.click('[data-filter="all"]');
  await openPiece(pub);
  await d.click('[data-tab="publishing"]');
  await d.click('[data-testid="queue-publish"]');
  await d.find('[data-testid="job"][data-state="done"]', 60_000);
  await d.find('[data-testid="proof"]');
  await waitState('published');
  const proof = await d.text('[data-testid="proof"]');
  assert.ok(proof.includes('cong-tinh') && /[0-9a-f]{64}/.test(proof), proof);
  await d.screenshot(join(shots, '12-publishing.png'));

  step("the piece's audit trail names every action in Vietnamese, publishing included (no raw codes)");
  await d.click('[data-testid="audit-trail"] summary');
  await d.find('[data-testid="audit-row"]');
  const trail = await d.text('[data-testid="audit-trail"]');
  assert.ok(trail.includes('Đưa vào hàng chờ đăng') && trail.includes('Đánh dấu đã đăng'), trail);
  assert.ok(!/\b(publish|assignment|revision|comment)\.[a-z_-]+/.test(trail), `a raw action code on screen: ${trail}`);
  await d.exec(`document.querySelector('[data-testid="audit-trail"]').scrollIntoView()`);
  await d.screenshot(join(shots, '42-audit-trail.png'));
  await d.click('[data-testid="audit-trail"] summary');

  step('the post is edited on the portal; the re-publish stops on a conflict and shows both versions');
  const remote = proof.match(/(?:Mã bài trên cổng|Portal post id): (\d+)/)[1];
  const auth = 'Basic ' + Buffer.from(`${process.env.TOASOAN_WP_USER}:${process.env.TOASOAN_WP_PASSWORD}`).toString('base64');
  const edit = await fetch(`${wpUrl}/?rest_route=/wp/v2/posts/${remote}`, {
    method: 'POST',
    headers: { Authorization: auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ content: '<p>Cổng sửa trực tiếp: thêm lịch tiếp dân.</p>' }),
  });
  assert.equal(edit.status, 200);
  const cli = join(dirname(app), 'newsroom');
  const dataDir = join(home, 'data', 'toa-soan');
  const nr = (...args) => execFileSync(cli, ['--data-dir', dataDir, ...args], { env: { ...process.env, NEWSROOM_AS: '' } });
  nr('--as', 'lan', 'request-changes', String(pub), '--comment', 'Bổ sung số điện thoại đường dây nóng');
  nr('--as', 'dung', 'draft', 'save', String(pub), '--sapo', 'Hợp tác xã cần gì? Đường dây nóng 1900 1234.');
  nr('--as', 'dung', 'submit', String(pub));
  nr('--as', 'lan', 'approve', String(pub));
  await d.click('[data-nav="pieces"]');
  await d.click('[data-filter="all"]');
  await openPiece(pub);
  await d.click('[data-tab="publishing"]');
  await d.click('[data-testid="queue-publish"]');
  await d.find('[data-testid="conflict"]', 60_000);
  assert.ok((await d.text('[data-testid="conflict"]')).includes('thêm lịch tiếp dân'));
  await d.screenshot(join(shots, '13-publish-conflict.png'));
  await d.click('[data-testid="overwrite"]');
  await d.until('overwritten', async () => (await d.findAll('[data-testid="job"][data-state="done"]')).length === 2, 60_000);
  await waitState('published');

  step("the contract lists its pieces' proofs of publication");
  await d.click('[data-nav="contracts"]');
  const contract = '[data-contract="15/2026/HĐ-SNNMT"]';
  await d.click(`${contract} [data-testid="contract-proofs"] summary`);
  await d.until('proofs listed', async () => (await d.text(`${contract} [data-testid="contract-proofs"]`)).includes('cong-tinh'));
  await d.exec(`document.querySelector('${contract} [data-testid="contract-proofs"]').scrollIntoView()`);
  await d.screenshot(join(shots, '14-contract-proofs.png'));

  step('readers open and comment on the published piece; the app reads the figures from the portal and the page; a figure typed by hand');
  const listed = JSON.parse(nr('--json', '--as', 'hung', 'publication', 'list', '--assignment', String(pub)).toString());
  const pageUrl = listed.publications[0].url;
  const reader = { headers: { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0' } };
  for (let i = 0; i < 4; i++) assert.equal((await fetch(pageUrl, reader)).status, 200);
  const said = await fetch(`${wpUrl}/?rest_route=/wp/v2/comments`, {
    method: 'POST',
    headers: { Authorization: auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ post: Number(remote), content: 'Xin hỏi hợp tác xã đăng ký ở đâu, có mất phí không?', status: 'approve' }),
  });
  assert.equal(said.status, 201);
  await d.click('[data-nav="pieces"]');
  await d.click('[data-filter="all"]');
  await openPiece(pub);
  await d.click('[data-tab="audience"]');
  await d.find('[data-testid="audience"]');
  await d.click('[data-testid="aud-poll"]');
  const views = () => d.exec(`return document.querySelector('[data-testid="audience"] [data-metric="views"] strong')?.innerText ?? null`);
  await d.until('figures read by the background worker', async () => {
    await d.click('[data-tab="preview"]');
    await d.click('[data-tab="audience"]');
    return (await views()) === '4';
    // «Thu số liệu ngay» waits behind a round of due polls already running
    // (the demo's other pieces point at unreachable sites: three attempts
    // with back-off each), which can take more than a minute.
  }, 180_000);
  assert.ok((await d.text('[data-testid="audience"]')).includes('hợp tác xã đăng ký ở đâu'), "the reader's comment is shown");
  await d.type('[data-testid="aud-value"]', 'nhiều');
  await d.click('[data-testid="aud-save"]');
  assert.ok((await d.text('[data-testid="audience"] .error')).includes('số nguyên'), 'a bad figure is named');
  assert.equal(await views(), '4', 'and changes nothing');
  await d.exec(`const i = document.querySelector('[data-testid="aud-value"]'); i.value = ''; i.dispatchEvent(new Event('input'))`);
  await d.type('[data-testid="aud-value"]', '12');
  await d.click('[data-testid="aud-save"]');
  await d.until('manual figure added', async () => (await views()) === '16');
  for (let i = 0; i < 2; i++) assert.equal((await fetch(pageUrl, reader)).status, 200);
  nr('--as', 'hung', 'engagement', 'poll', '--all', '--assignment', String(pub));
  await d.click('[data-tab="preview"]');
  await d.click('[data-tab="audience"]');
  await d.until('second reading', async () => (await views()) === '18');
  assert.ok((await d.findAll('[data-testid="audience"] polyline')).length >= 2, 'one line per source');
  await d.screenshot(join(shots, '18-audience.png'));
  await d.click('[data-nav="contracts"]');
  await d.find(`${contract} [data-testid="contract-audience"]`);

  // Planning runs here, after the audience figures: run right after the
  // assignment-form step, the extra minutes delayed the background worker's
  // first reading past that step's wait.
  step('planning: the editor sees the week, gives two new assignments from a contract line, moves one to another day');
  await signOut();
  await signIn('lan');
  await d.click('[data-nav="planning"]');
  await d.find('[data-testid="planning"] [data-testid="plan-day"]');
  await d.find('[data-testid="load-row"]');
  await d.screenshot(join(shots, '26-planning.png'));
  await d.click('[data-testid="plan-month"]');
  await d.until('six weeks', async () => (await d.findAll('[data-testid="plan-day"]')).length === 42);
  await d.screenshot(join(tmpdir(), 'toasoan-planning-month.png'));
  await d.click('[data-testid="plan-week"]');
  await d.until('one week', async () => (await d.findAll('[data-testid="plan-day"]')).length === 7);
  // Next week: every day is still ahead, whatever day the suite runs.
  await d.click('[data-testid="plan-next"]');
  const week = await d.exec(`return [...document.querySelectorAll('[data-testid="plan-day"]')].map((e) => e.dataset.date)`);
  assert.equal(week.length, 7);
  const vnDay = (iso) => iso.split('-').reverse().join('/');
  const PLANNED = [
    { title: 'Phỏng vấn nhanh: đăng ký khai sinh trực tuyến', urgent: true },
    { title: 'Tin: lịch tiếp công dân tuần tới', urgent: false },
  ];
  for (const p of PLANNED) {
    await d.click('[data-testid="new-assignment"]');
    await d.find('[data-testid="assignment-form"]');
    await d.find('[data-testid="af-contract"] option:not([value=""])');
    await d.exec(`const s = document.querySelector('[data-testid="af-contract"]');
                  s.value = [...s.options].find((o) => o.textContent.includes('21/2026/HĐ-VPUBND')).value;
                  s.dispatchEvent(new Event('change'))`);
    await d.until('line offered with what is left', async () => /còn \d+\/80/.test(await d.text('[data-testid="af-line"]')));
    await d.type('[data-testid="af-title"]', p.title);
    await d.type('[data-testid="af-brief"]', 'Gọi đầu mối Văn phòng UBND tỉnh để xác nhận số liệu.');
    await d.type('[data-testid="af-due"]', vnDay(week[1]));
    await d.exec(`const s = document.querySelector('[data-testid="af-reporter"]'); s.value = 'chau'; s.dispatchEvent(new Event('change'))`);
    if (p.urgent) {
      await d.click('[data-testid="af-priority-gap"]');
      await d.screenshot(join(shots, '27-assignment-create.png'));
    }
    await d.click('[data-testid="af-save"]');
    await d.until('assignment created', async () => (await d.findAll('[data-testid="assignment-form"]')).length === 0);
  }
  const chipOf = (title) =>
    d.exec(`return [...document.querySelectorAll('[data-testid="plan-chip"]')].find((c) => c.querySelector('.chip-title').textContent === ${JSON.stringify(title)})?.dataset.num ?? null`);
  let urgentNum = null;
  let plainNum = null;
  await d.until('both on the calendar', async () => {
    urgentNum = await chipOf(PLANNED[0].title);
    plainNum = await chipOf(PLANNED[1].title);
    return urgentNum !== null && plainNum !== null;
  });
  assert.ok((await d.text(`[data-testid="plan-chip"][data-num="${urgentNum}"]`)).includes('GẤP'), 'the urgent one says so');
  // WebKitWebDriver does not turn WebDriver pointer actions into native HTML5
  // drag-and-drop events, so the drag is dispatched as DOM DragEvents carrying
  // a DataTransfer: the same handlers a mouse drag runs.
  await d.exec(`const chip = document.querySelector('[data-testid="plan-chip"][data-num="${plainNum}"]');
                const day = document.querySelector('[data-testid="plan-day"][data-date="${week[3]}"]');
                const dt = new DataTransfer();
                chip.dispatchEvent(new DragEvent('dragstart', { bubbles: true, cancelable: true, dataTransfer: dt }));
                day.dispatchEvent(new DragEvent('dragenter', { bubbles: true, cancelable: true, dataTransfer: dt }));
                day.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: dt }));
                day.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
                chip.dispatchEvent(new DragEvent('dragend', { bubbles: true, cancelable: true, dataTransfer: dt }));
                return null`);
  await d.find(`[data-testid="plan-day"][data-date="${week[3]}"] [data-testid="plan-chip"][data-num="${plainNum}"]`);
  await d.until('moved notice', async () => (await d.text('[data-testid="notice"]')).includes(`#${plainNum}`));
  await signOut();

  step('the reporter declines one with a reason (an empty reason is refused)');
  await signIn('chau');
  await openPiece(urgentNum);
  assert.ok((await d.text('.piece-title')).includes('GẤP'));
  await d.click('[data-testid="decline-assignment"]');
  await d.find('[data-testid="decline-form"]');
  await d.click('[data-testid="decline-save"]');
  assert.ok((await d.text('[data-testid="decline-problem"]')).includes('lý do'), 'a reason is asked for');
  await d.type('[data-testid="decline-reason"]', 'Tuần tới tôi đi công tác huyện Sơn Hà, không kịp phỏng vấn.');
  await d.screenshot(join(shots, '28-decline.png'));
  await d.click('[data-testid="decline-save"]');
  await d.until('declined', async () => (await d.text('[data-testid="respond"]')).includes('đã từ chối'));
  await signOut();

  step('the editor sees the decline on the piece and gives it to another reporter');
  await signIn('lan');
  await d.click('[data-nav="planning"]');
  await d.click('[data-testid="plan-next"]');
  await d.until('declined chip', async () => (await d.text(`[data-testid="plan-chip"][data-num="${urgentNum}"]`)).includes('Từ chối'));
  await d.click(`[data-testid="plan-chip"][data-num="${urgentNum}"]`);
  await d.find('.piece-title');
  assert.ok((await d.text('[data-testid="declined-banner"]')).includes('công tác huyện Sơn Hà'));
  await d.click('[data-testid="reassign"]');
  await d.find('[data-testid="af-reporter"] option[value="ha"]');
  await d.exec(`const s = document.querySelector('[data-testid="af-reporter"]'); s.value = 'ha'; s.dispatchEvent(new Event('change'))`);
  await d.click('[data-testid="af-save"]');
  await d.until('now Hà\'s', async () => (await d.text('.piece-meta')).includes('Đinh Thu Hà'));
  assert.equal((await d.findAll('[data-testid="declined-banner"]')).length, 0, 'the decline is behind it');
  await signOut();

  step('the head opens People');
  await signIn('hung');
  await d.click('[data-nav="people"]');
  await d.find('[data-testid="person-row"][data-login="chau"]');
  await d.screenshot(join(shots, '29-people.png'));
  await d.click('[data-nav="contracts"]');
  await d.find(`${contract} [data-testid="contract-audience"]`);

  step('the head records a new contract with its line items; bad input is refused first');
  await d.exec('window.scrollTo(0, 0)');
  await d.click('[data-testid="new-contract"]');
  await d.find('[data-testid="contract-editor"]');
  await d.type('[data-testid="ce-number"]', '21/2026/HĐĐH-STTTT');
  await d.type('[data-testid="ce-start"]', '01/03/2026');
  await d.type('[data-testid="ce-end"]', '31/12/2026');
  await d.type('[data-testid="ce-value"]', 'ba trăm triệu');
  await d.type('[data-testid="ce-qty"]', '20');
  await d.type('[data-testid="ce-price"]', '4.500.000');
  await d.exec(`document.querySelector('[data-testid="ce-save"]').scrollIntoView({ block: 'center' })`);
  await d.click('[data-testid="ce-save"]');
  assert.ok((await d.text('[data-testid="ce-problem"]')).includes('số tiền không hợp lệ'), 'a wrong amount is named');
  await d.clear('[data-testid="ce-value"]');
  await d.type('[data-testid="ce-value"]', '120.000.000');
  await d.type('[data-testid="ce-newsroom"]', 'Báo Bình Sơn');
  await d.until('warning shown', async () => (await d.text('[data-testid="ce-total"]')).includes('thấp hơn'));
  await d.exec(`document.querySelector('[data-testid="contract-editor"]').scrollTop = 0`);
  await d.screenshot(join(shots, '15-contract-editor.png'));
  await d.exec(`document.querySelector('[data-testid="ce-save"]').scrollIntoView({ block: 'center' })`);
  await d.click('[data-testid="ce-save"]');
  const fresh = '[data-contract="21/2026/HĐĐH-STTTT"]';
  await d.find(fresh);
  assert.ok((await d.text(`${fresh} [data-testid="value-warning"]`)).includes('90.000.000'), 'line items vs value warning');

  step('an amendment raises the quantity and is kept in the history');
  await d.click(`${fresh} [data-testid="amend-contract"]`);
  await d.type('[data-testid="am-number"]', '01/2026/PL');
  await d.type('[data-testid="am-reason"]', 'Bổ sung 6 bài theo đề nghị của Sở');
  await d.clear('[data-testid="am-qty"]');
  await d.type('[data-testid="am-qty"]', '26');
  await d.clear('[data-testid="am-value"]');
  await d.type('[data-testid="am-value"]', '117.000.000');
  await d.exec(`document.querySelector('[data-testid="am-save"]').scrollIntoView({ block: 'center' })`);
  await d.click('[data-testid="am-save"]');
  await d.until('amendment listed', async () => (await d.text(`${fresh} [data-testid="amendments"]`)).includes('20 × 4.500.000 ₫ → 26 × 4.500.000 ₫'));
  assert.equal(await d.findAll(`${fresh} [data-testid="value-warning"]`).then((l) => l.length), 0, 'lines now add up');

  step('acceptance: preview the bảng kê, accept, export XLSX and PDF');
  await d.click(`${contract} [data-testid="accept-contract"]`);
  await d.find('[data-testid="acceptance-wizard"]');
  await d.click('[data-testid="acc-preview"]');
  await d.until('preview', async () => (await d.text('[data-testid="acc-summary"]')).includes('Đợt 1'));
  const previewText = await d.text('[data-testid="acc-items"]');
  assert.ok(previewText.includes('https://'), 'rows carry their URLs');
  await d.screenshot(join(shots, '16-acceptance-preview.png'));
  await d.exec(`document.querySelector('[data-testid="acc-confirm"]').scrollIntoView({ block: 'center' })`);
  await d.click('[data-testid="acc-confirm"]');
  await d.find('[data-testid="acc-xlsx"]');
  await d.click('[data-testid="acc-xlsx"]');
  await d.click('[data-testid="acc-pdf"]');
  await d.until('two files', async () => (await d.findAll('[data-testid="acc-file"]')).length === 2);
  const files = await d.exec(`return [...document.querySelectorAll('[data-testid="acc-file"]')].map((e) => e.dataset.path)`);
  for (const path of files) assert.ok(/\.(xlsx|pdf)$/.test(path) && existsSync(path), `exported ${path}`);
  assert.ok(!(await d.text('[data-testid="acceptance-wizard"]')).includes(home), 'no folder path to read or type on screen');
  step('the head saves the bảng kê where they choose (the save dialog, its name suggested)');
  await d.click('[data-testid="acc-file"] [data-testid="export-save-as"]');
  const savedAs = await d.until('saved as', () => d.exec(`return document.querySelector('[data-testid="acc-file"]')?.dataset.saved || null`));
  assert.equal(dirname(savedAs), saveAsDir, 'saved where the dialog said');
  assert.ok(readFileSync(savedAs).equals(readFileSync(files[0])), 'the copy is the file, byte for byte');
  await d.screenshot(join(shots, '44-export-save-as.png'));
  await d.click('[data-testid="acceptance-wizard"] .modal-close');
  await d.until('acceptance listed', async () => (await d.text(`${contract} [data-testid="acceptances"]`)).includes('Đợt 1'));
  await d.exec(`document.querySelector('${contract} [data-testid="acceptances"]').scrollIntoView({ block: 'center' })`);
  await d.screenshot(join(shots, '17-contract-ledger.png'));

  step('the accepted piece shows the figures frozen in the bảng kê, and its growth since');
  await d.click('[data-nav="pieces"]');
  await d.click('[data-filter="all"]');
  await openPiece(pub);
  await d.click('[data-tab="audience"]');
  const frozen = await d.text('[data-testid="frozen"]');
  assert.ok(frozen.includes('Đợt 1') || frozen.includes('round 1') || frozen.includes('đợt 1'), frozen);
  await d.screenshot(join(shots, '19-audience-frozen.png'));

  step('a Zalo OA export is previewed (an unreadable row named by its line), then imported without that row');
  const zalo = join(home, 'zalo-oa.csv');
  writeFileSync(
    zalo,
    '\ufeffTiêu đề,Link bài viết,Lượt xem,Lượt thích,Bình luận,Chia sẻ\n' +
      `Hợp tác xã cần gì?,${pageUrl},"1.200",45,3,7\n` +
      'Tin khác của OA,https://oa.zalo.me/a/2,80,1,0,0\n' +
      'Dòng lỗi,https://oa.zalo.me/a/3,nhiều,0,0,0\n',
  );
  await d.click('[data-nav="contracts"]');
  await d.click('[data-testid="open-import"]');
  await d.find('[data-testid="engagement-import"]');
  await d.exec(`const s = document.querySelector('[data-testid="imp-source"]'); s.value = 'zalo'; s.dispatchEvent(new Event('change'))`);
  await d.type('[data-testid="imp-file"]', zalo);
  await d.click('[data-testid="imp-preview"]');
  await d.find('[data-testid="imp-rejected"]');
  assert.ok((await d.text('[data-testid="imp-rejected"]')).includes('4'), 'the bad row is named by its line');
  assert.ok((await d.text('[data-testid="imp-matched"]')).includes('1.200'), 'the piece is matched by its link');
  assert.equal(await d.exec(`return document.querySelector('[data-testid="imp-confirm"]').disabled`), true, 'refused while a row is unreadable');
  await d.screenshot(join(shots, '20-engagement-import.png'));
  await d.click('[data-testid="imp-skip"]');
  await d.click('[data-testid="imp-confirm"]');
  await d.find('[data-testid="imp-done"]');
  const shown = JSON.parse(nr('--json', '--as', 'hung', 'engagement', 'show', String(pub)).toString());
  assert.equal(shown.totals.shares, 7, JSON.stringify(shown.totals));
  await d.click('[data-testid="engagement-import"] .modal-close');

  step("per policy: the audience totals and the readers' comments digest for the agency");
  const pol = '[data-policy="12/2026/NQ-HĐND"]';
  await d.until('policy totals', async () => (await d.text(`${pol}`)).includes('Hợp tác xã cần gì'));
  await d.click(`${pol} [data-testid="export-feedback"]`);
  const digestText = await d.text(`${pol} [data-testid="feedback-file"]`);
  const digestPath = digestText.slice(digestText.indexOf('/')).trim();
  assert.ok(digestPath.endsWith('.xlsx') && existsSync(digestPath), `digest written: ${digestPath}`);
  await d.exec(`document.querySelector('[data-testid="policy-audience"]').scrollIntoView()`);
  await d.screenshot(join(shots, '21-policy-audience.png'));

  step('backup: the head sets a backup folder and backs up now; the sidebar shows the date (issue 19)');
  await signOut();
  await signIn('hung');
  await d.click('[data-nav="settings"]');
  const usb = mkdtempSync(join(tmpdir(), 'toasoan-usb-'));
  await d.find('[data-testid="backup-dir"]');
  await d.type('[data-testid="backup-dir"]', usb);
  await d.click('[data-testid="backup-save"]');
  await d.until('backup button enabled', async () => d.exec(`return !document.querySelector('[data-testid="backup-now"]').disabled`));
  await d.click('[data-testid="backup-now"]');
  await d.until('last backup shown', async () => (await d.text('[data-testid="backup-last"]')).includes('Lần sao lưu tốt gần nhất'), 120_000);
  await d.until('sidebar shows the backup', async () => (await d.text('[data-testid="backup-line"]')).startsWith('Sao lưu:'), 70_000);
  const archives = execFileSync('ls', [usb]).toString().trim().split('\n').filter((f) => f.startsWith('toa-soan-') && f.endsWith('.zip'));
  assert.ok(archives.length >= 1, `an archive in the backup folder: ${archives}`);
  await d.exec(`document.querySelector('[data-testid="settings-backup"]').scrollIntoView()`);
  await d.screenshot(join(shots, '22-backup-settings.png'));

  step('passphrase: the head sets one; a wrong one is refused at sign-in, the right one signs in');
  const secret = 'tong bien tap 2026';
  await d.exec(`document.querySelector('[data-testid="settings-passphrase"]').scrollIntoView()`);
  await d.type('[data-testid="pass-new"]', secret);
  await d.type('[data-testid="pass-again"]', secret);
  await d.click('[data-testid="pass-set"]');
  await d.until('passphrase set', async () => (await d.exec(`return document.querySelector('[data-testid="pass-current"]') !== null`)));
  await d.screenshot(join(shots, '24-passphrase-settings.png'));
  await signOut();
  await d.find('[data-login="hung"] [data-testid="locked"]');
  await d.click('[data-login="hung"]');
  await d.find('[data-testid="passphrase"]');
  await d.type('[data-testid="passphrase"]', 'sai roi');
  await d.click('[data-testid="passphrase-enter"]');
  await d.until('wrong passphrase refused beside the field', async () => (await d.text('[data-testid="passphrase-problem"]')).includes('không đúng'));
  await d.screenshot(join(shots, '23-sign-in-passphrase.png'));
  await d.exec(`const i = document.querySelector('[data-testid="passphrase"]'); i.value = ''; i.dispatchEvent(new Event('input'));`);
  await d.type('[data-testid="passphrase"]', secret);
  await d.click('[data-testid="passphrase-enter"]');
  await d.find('nav .nav-item');

  step('agencies and policies: the head adds a focal point (a bad phone refused in Vietnamese), records a stage with its PDF');
  await d.click('[data-nav="agencies"]');
  await d.click('[data-testid="agency-link"]');
  await d.find('[data-testid="agency-page"] h1');
  const contactsBefore = (await d.findAll('[data-testid="contact-row"]')).length;
  await d.type('[data-testid="contact-name"]', 'Trần Thị Thu Hà');
  await d.type('[data-testid="contact-position"]', 'Chánh Văn phòng Sở');
  await d.type('[data-testid="contact-phone"]', '12345');
  await d.type('[data-testid="contact-email"]', 'thuha@binhson.gov.vn');
  await d.click('[data-testid="save-contact"]');
  await d.until('bad phone refused beside the form', async () => (await d.text('[data-testid="contact-problem"]')).includes('không phải số điện thoại'));
  assert.equal((await d.findAll('[data-testid="contact-row"]')).length, contactsBefore, 'nothing added');
  await d.clear('[data-testid="contact-phone"]');
  await d.type('[data-testid="contact-phone"]', '0236 3822 111');
  await d.exec(`document.querySelector('[data-testid="save-contact"]').scrollIntoView({ block: 'center' })`);
  await d.click('[data-testid="save-contact"]');
  await d.until('focal point listed', async () => (await d.findAll('[data-testid="contact-row"]')).length === contactsBefore + 1);
  const roles = await d.exec(`return [...document.querySelectorAll('[data-testid="contact-row"]')].map((r) => [r.dataset.role, r.innerText.includes('Trần Thị Thu Hà')])`);
  assert.ok(roles.some(([role, added]) => added && role === 'dau-moi'), 'the new focal point is listed');
  assert.ok(roles.findIndex(([role]) => role !== 'dau-moi') === -1 || roles.slice(roles.findIndex(([role]) => role !== 'dau-moi')).every(([role]) => role !== 'dau-moi'), 'focal points come first');
  await d.exec(`document.activeElement?.blur()`);
  await d.screenshot(join(shots, '38-agency.png'));

  await d.click('[data-nav="agencies"]');
  await d.click('[data-testid="policy-link"]');
  await d.find('[data-testid="policy-page"] h1');
  const pdf = join(home, 'nghi-quyet.pdf');
  writeFileSync(pdf, '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  await d.exec(`const s = document.querySelector('[data-testid="stage-select"]'); s.value = 'ban-hanh'; s.dispatchEvent(new Event('change'))`);
  await d.clear('[data-testid="stage-date"]');
  await d.type('[data-testid="stage-date"]', '15/11/2026');
  await d.type('[data-testid="stage-file"]', pdf);
  await d.type('[data-testid="stage-note"]', 'HĐND tỉnh ban hành tại kỳ họp thứ 9');
  await d.exec(`document.querySelector('[data-testid="save-stage"]').scrollIntoView({ block: 'center' })`);
  await d.exec(`document.querySelector('[data-testid="save-stage"]').click()`);
  await d.until('stage recorded with its document', async () =>
    d.exec(`return [...document.querySelectorAll('[data-testid="stage-entry"][data-stage="ban-hanh"]')].some((e) => e.innerText.includes('nghi-quyet.pdf') && e.innerText.includes('15/11/2026'))`),
  );
  await d.exec(`document.activeElement?.blur(); document.querySelector('.content').scrollTop = 0`);
  await d.screenshot(join(shots, '39-policy-timeline.png'));

  step("citizens' feedback: one from the hotline, answered");
  await d.click('[data-nav="feedback"]');
  await d.find('[data-testid="feedback-list"]');
  const fbBefore = (await d.findAll('[data-testid="feedback-row"]')).length;
  await d.click('[data-testid="add-feedback"]');
  await d.find('[data-testid="fb-policy"] option');
  await d.exec(`const s = document.querySelector('[data-testid="fb-channel"]'); s.value = 'duong-day-nong'; s.dispatchEvent(new Event('change'))`);
  await d.type('[data-testid="fb-text"]', 'Người dân xã Tân Lập hỏi hồ sơ xin hỗ trợ nộp ở đâu, có cần xác nhận của thôn không?');
  await d.click('[data-testid="save-feedback"]');
  await d.until('feedback listed', async () => (await d.findAll('[data-testid="feedback-row"]')).length === fbBefore + 1);
  const fbId = await d.exec(`return [...document.querySelectorAll('[data-testid="feedback-row"]')].find((r) => r.innerText.includes('Tân Lập'))?.dataset.id ?? null`);
  assert.ok(fbId, 'the new feedback is listed');
  const fbRow = `[data-testid="feedback-row"][data-id="${fbId}"]`;
  assert.equal(await d.exec(`return document.querySelector('${fbRow}').dataset.state`), 'moi');
  assert.ok((await d.text(fbRow)).includes('Đường dây nóng'), 'the channel is shown by its label');
  await d.click(`${fbRow} [data-testid="fb-answer"]`);
  await d.type('[data-testid="fb-answer-text"]', 'Hồ sơ nộp tại bộ phận một cửa UBND xã, không cần xác nhận của thôn.');
  await d.click('[data-testid="fb-action-save"]');
  await d.until('answered', async () => (await d.exec(`return document.querySelector('${fbRow}')?.dataset.state`)) === 'da-tra-loi');
  await d.screenshot(join(shots, '40-feedback.png'));

  step('period report: this year holds the published pieces');
  await d.click('[data-nav="period"]');
  await d.find('[data-testid="period-report"]');
  await d.click('[data-testid="period-year"]');
  await d.until('this year picked', async () => (await d.value('[data-testid="period-from"]')).startsWith('01/01/'));
  await d.click('[data-testid="period-run"]');
  await d.until('pieces in the period', async () => Number((await d.text('[data-testid="period-total-pieces"]')).replace(/\./g, '')) > 0);
  assert.ok((await d.findAll('[data-testid="period-row"]')).length > 0, 'rows by policy');
  await d.click('[data-testid="export-period-xlsx"]');
  const periodPath = await d.until('period XLSX written', () => d.exec(`return document.querySelector('[data-testid="period-file"]')?.dataset.path ?? null`));
  assert.ok(periodPath.endsWith('.xlsx') && existsSync(periodPath), `period report written: ${periodPath}`);
  await d.screenshot(join(shots, '41-period-report.png'));

  step('navigation guard: the window never leaves the app (issue 19, item 8)');
  await d.exec(`location.href = 'https://example.com/'; return null`);
  await sleep(1000);
  const where = await d.exec(`return location.protocol`);
  assert.equal(where, 'tauri:', `still on the app: ${where}`);
  await d.find('nav .nav-item');

  console.log('e2e: all steps passed');
} catch (e) {
  await reportFailure(d, home, 'e2e', e);
} finally {
  await d.quit();
  driverProc.kill();
}
