/**
 * The top entries of a V8 CPU profile (`node --cpu-prof`): self time by function and by
 * package/file, as kept in docs/performance.md.
 *   node bench/pace/profile-top.ts FILE.cpuprofile [--top 25]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    top: { type: 'string', default: '25' },
    /** Only samples in this window (µs of the monotonic clock: process.hrtime, which V8's profile uses). */
    from: { type: 'string' },
    to: { type: 'string' },
  },
});
interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
const profile = JSON.parse(readFileSync(positionals[0] ?? '', 'utf8')) as {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
};
const from = Number(values.from ?? Number.NEGATIVE_INFINITY);
const to = Number(values.to ?? Number.POSITIVE_INFINITY);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
let clock = profile.startTime;
profile.samples.forEach((id, i) => {
  clock += profile.timeDeltas[i] ?? 0;
  if (clock >= from && clock <= to) selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
const where = (url: string) => {
  const m = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (m) return m[1] ?? url;
  const s = url.match(/\/(server|contracts)\/src\/(.*)$/) ?? url.match(/\/(contracts)\/(.*)$/);
  return s ? `${s[1]}/${s[2]}` : url.replace(/^node:/, 'node:') || '(native)';
};
const fn = new Map<string, number>();
const pkg = new Map<string, number>();
for (const [id, us] of selfUs) {
  const node = byId.get(id);
  if (!node) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const key = `${functionName || '(anonymous)'} ${where(url)}:${lineNumber + 1}`;
  fn.set(key, (fn.get(key) ?? 0) + us);
  const p = url
    ? where(url)
        .split('/')
        .slice(0, url.includes('node_modules') ? 1 : 3)
        .join('/')
    : functionName;
  pkg.set(p, (pkg.get(p) ?? 0) + us);
}
const top = (map: Map<string, number>) =>
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(values.top))
    .map(([k, us]) => `${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
console.log(`total ${(total / 1e6).toFixed(1)} s sampled`);
console.log('-- self time by function');
console.log(top(fn).join('\n'));
console.log('-- self time by package / file');
console.log(top(pkg).join('\n'));
