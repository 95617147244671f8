// Desktop app benchmark: start to interactive window, and idle memory (RSS of
// the app plus its WebKit processes) with the demo newsroom in the data folder.
// Run under a display (scripts/bench-app.sh wraps it in Xvfb):
//   node scripts/bench-app.mjs <app binary> <newsroom binary> [runs]
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [app, newsroom, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 10);
const home = mkdtempSync(join(tmpdir(), 'toasoan-bench-'));
const env = { ...process.env, XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config'), TOASOAN_STARTUP_PROBE: '1' };
execFileSync(newsroom, ['init'], { env, stdio: 'ignore' });
execFileSync(newsroom, ['demo'], { env, stdio: 'ignore' });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function children() {
  const map = new Map();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      map.set(Number(pid), ppid);
    } catch {}
  }
  return map;
}

function treeRssKb(root) {
  const parents = children();
  const tree = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parents) if (tree.has(ppid) && !tree.has(pid)) (tree.add(pid), (grew = true));
  }
  let kb = 0;
  for (const pid of tree) {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch {}
  }
  return { kb, processes: tree.size };
}

async function once() {
  const t0 = process.hrtime.bigint();
  const child = spawn(app, [], { env, stdio: ['ignore', 'pipe', 'ignore'], detached: true });
  const ms = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('app not interactive after 30 s')), 30_000);
    child.stdout.on('data', (b) => {
      if (String(b).includes('toasoan-ready')) {
        clearTimeout(timer);
        resolve(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    });
  });
  await sleep(3000);
  const rss = treeRssKb(child.pid);
  process.kill(-child.pid, 'SIGKILL');
  await sleep(300);
  return { ms, ...rss };
}

const results = [];
for (let i = 0; i < runs; i++) results.push(await once());
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const pct = (xs, p) => sorted(xs)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const ms = results.map((r) => r.ms);
const mb = results.map((r) => r.kb / 1024);
console.log(`app start to interactive window (${runs} runs): first ${ms[0].toFixed(0)} ms, median ${pct(ms, 50).toFixed(0)} ms, p95 ${pct(ms, 95).toFixed(0)} ms  (goal ≤ 500 ms)`);
console.log(`idle RSS, app + WebKit processes (${results[0].processes} processes): median ${pct(mb, 50).toFixed(0)} MB, max ${sorted(mb).at(-1).toFixed(0)} MB  (goal ≤ 150 MB)`);
