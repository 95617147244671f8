// Desktop app benchmark: cold start to an interactive window and idle memory,
// each against an empty Tauri v2 window built from the same lock file and
// profile (src-tauri/examples/empty-window.rs), in the same run, runs
// alternating. Memory is PSS (from /proc/PID/smaps_rollup: shared libraries
// counted once, split between the processes that map them), summed over the
// app and its WebKit processes, after 3 s idle on the first screen. Each kind
// runs with WebKitGTK's DMA-BUF renderer on (WEBKIT_DISABLE_DMABUF_RENDERER=0)
// and off (=1); the app alone also runs as shipped (variable unset: the app
// chooses, src-tauri/src/render.rs). The app's probe lines (src-tauri/src/probe.rs)
// say where its time goes.
// Run under a display (scripts/bench-app.sh wraps it in Xvfb):
//   node scripts/bench-app.mjs <app binary> <newsroom binary> <empty-window binary> [runs]
import { spawn, execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [app, newsroom, empty, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 10);
const home = mkdtempSync(join(tmpdir(), 'toasoan-bench-'));
const base = { ...process.env, XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config'), TOASOAN_STARTUP_PROBE: '1' };
delete base.WEBKIT_DISABLE_DMABUF_RENDERER;
execFileSync(newsroom, ['init'], { env: base, stdio: 'ignore' });
execFileSync(newsroom, ['demo'], { env: base, stdio: 'ignore' });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function tree(root) {
  const parents = new Map();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parents.set(Number(pid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {}
  }
  const set = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parents) if (set.has(ppid) && !set.has(pid)) (set.add(pid), (grew = true));
  }
  return set;
}

function memory(root) {
  const out = { pss: 0, rss: 0, processes: 0, byName: {} };
  for (const pid of tree(root)) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const pss = Number(/^Pss:\s+(\d+)/m.exec(rollup)[1]);
      const rss = Number(/^Rss:\s+(\d+)/m.exec(rollup)[1]);
      const name = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      out.pss += pss;
      out.rss += rss;
      out.processes += 1;
      out.byName[name] = (out.byName[name] ?? 0) + pss;
    } catch {}
  }
  return out;
}

async function once(bin, dmabuf) {
  const env = { ...base };
  if (dmabuf !== undefined) env.WEBKIT_DISABLE_DMABUF_RENDERER = dmabuf ? '0' : '1';
  const t0 = process.hrtime.bigint();
  const child = spawn(bin, [], { env, stdio: ['ignore', 'pipe', 'ignore'], detached: true });
  const stages = {};
  let buffered = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${bin} not interactive after 30 s`)), 30_000);
    child.stdout.on('data', (b) => {
      const now = Number(process.hrtime.bigint() - t0) / 1e6;
      buffered += String(b);
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        const m = /^toasoan-probe (\S+) ([\d.]+)/.exec(line);
        // Stages as seen by the bench: since spawn (the process start is in them).
        if (m) stages[m[1]] = now;
        if (line === 'toasoan-ready') {
          clearTimeout(timer);
          resolve();
        }
      }
    });
  });
  await sleep(3000);
  const mem = memory(child.pid);
  process.kill(-child.pid, 'SIGKILL');
  await sleep(300);
  return { stages, ...mem };
}

const kinds = [
  { key: 'empty-gpu', label: 'empty window, DMA-BUF on ', bin: empty, dmabuf: true },
  { key: 'app-gpu', label: 'Tòa Soạn,     DMA-BUF on ', bin: app, dmabuf: true },
  { key: 'empty-sw', label: 'empty window, DMA-BUF off', bin: empty, dmabuf: false },
  { key: 'app-sw', label: 'Tòa Soạn,     DMA-BUF off', bin: app, dmabuf: false },
  { key: 'app', label: 'Tòa Soạn as shipped      ', bin: app, dmabuf: undefined },
];
const results = Object.fromEntries(kinds.map((k) => [k.key, []]));
for (let i = 0; i < runs; i++) for (const k of kinds) results[k.key].push(await once(k.bin, k.dmabuf));

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => sorted(xs)[Math.floor((xs.length - 1) / 2)];
const p95 = (xs) => sorted(xs)[Math.min(xs.length - 1, Math.ceil(0.95 * xs.length) - 1)];
const mb = (kb) => (kb / 1024).toFixed(0);
const stage = (key, name) => median(results[key].map((r) => r.stages[name] ?? NaN));
const pss = (key) => median(results[key].map((r) => r.pss));

console.log(`app start and idle memory (${runs} runs each, alternating; median, p95 in brackets; time since spawn):`);
for (const k of kinds) {
  const rs = results[k.key];
  const ready = rs.map((r) => r.stages.ready ?? r.stages['page-loaded']);
  const byName = Object.entries(rs[0].byName).map(([n, kb]) => `${n} ${mb(kb)}`).join(', ');
  console.log(
    `  ${k.label}: first paint ${stage(k.key, 'page-loaded').toFixed(0)} ms, interactive ${median(ready).toFixed(0)} ms [${p95(ready).toFixed(0)}], ` +
      `PSS ${mb(pss(k.key))} MB (RSS ${mb(median(rs.map((r) => r.rss)))} MB; ${byName})`,
  );
}
const where = ['main', 'store-open', 'setup', 'page-start', 'page-loaded', 'first-ipc', 'ready'];
let last = 0;
const parts = where.map((s) => {
  const t = stage('app', s);
  const part = `${s} +${(t - last).toFixed(0)}`;
  last = t;
  return part;
});
console.log(`  where the app's time goes (as shipped, ms since the previous stage): ${parts.join(', ')}`);
// As shipped, the app keeps DMA-BUF on where a GPU render node opens (render.rs):
// its floor is the empty window with the same renderer.
function gpuNode() {
  try {
    return readdirSync('/dev/dri').some((n) => {
      if (!n.startsWith('renderD')) return false;
      try {
        closeSync(openSync(`/dev/dri/${n}`, 'r+'));
        return true;
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}
const floor = (k) => (k === 'app-gpu' || (k === 'app' && gpuNode()) ? 'empty-gpu' : 'empty-sw');
for (const k of ['app', 'app-gpu']) {
  const e = floor(k);
  const interactive = stage(k, 'ready') / stage(e, 'page-loaded');
  const mem = pss(k) / pss(e);
  console.log(
    `  ${k === 'app' ? 'as shipped' : 'DMA-BUF on'}: interactive ${interactive.toFixed(2)}× the empty window's first paint (goal ≤ 1.15), PSS ${mem.toFixed(2)}× the empty window's (goal ≤ 1.15)`,
  );
}
