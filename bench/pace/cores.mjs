// Issue 18: where a desk's cores go, second by second (stop 33). Every second for SECONDS: the user and system
// CPU ticks of every PostgreSQL process (comm "postgres") and of each thread of the desk's server (the process
// whose command line holds server/src/main.ts), by thread name (MainThread: the event loop; desk-jobs: the jobs'
// thread; V8Worker: V8's helpers, concurrent GC and compilation). Run beside a benchmark; writes JSON to OUT.
//   node bench/pace/cores.mjs OUT SECONDS & node bench/pace/create.ts --runs 1 --no-ceiling --drain-limit 60
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { procStat } from './lib.ts';

const [out, secs] = process.argv.slice(2);
const snap = () => {
  const r = { pgU: 0, pgS: 0, nodeU: 0, nodeS: 0, threads: {} };
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    const st = procStat(`/proc/${pid}/stat`);
    if (!st) continue;
    if (st.comm === 'postgres') {
      r.pgU += st.user;
      r.pgS += st.system;
    }
    let cmd = '';
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {}
    if (cmd.includes('server/src/main.ts')) {
      for (const t of readdirSync(`/proc/${pid}/task`)) {
        const ts = procStat(`/proc/${pid}/task/${t}/stat`);
        if (!ts) continue;
        const k = ts.comm;
        const e = r.threads[k] ?? [0, 0];
        e[0] += ts.user;
        e[1] += ts.system;
        r.threads[k] = e;
        r.nodeU += ts.user;
        r.nodeS += ts.system;
      }
    }
  }
  return r;
};
const rows = [];
let prev = snap();
for (let i = 0; i < +secs; i++) {
  await new Promise((r) => setTimeout(r, 1000));
  const cur = snap();
  const th = {};
  for (const [k, [u, s]] of Object.entries(cur.threads)) {
    const p = prev.threads[k] ?? [0, 0];
    if (u - p[0] + s - p[1] > 0) th[k] = [u - p[0], s - p[1]];
  }
  rows.push({
    t: i,
    pgU: cur.pgU - prev.pgU,
    pgS: cur.pgS - prev.pgS,
    nodeU: cur.nodeU - prev.nodeU,
    nodeS: cur.nodeS - prev.nodeS,
    th,
  });
  prev = cur;
}
writeFileSync(out, JSON.stringify(rows));
