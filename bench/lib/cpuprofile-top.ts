/**
 * The functions that took the most CPU in a V8 profile (`node --cpu-prof`), by self time:
 *   node bench/lib/cpuprofile-top.ts file.cpuprofile [n]
 */
import { readFile } from 'node:fs/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
const [file, n = '15'] = process.argv.slice(2);
if (!file) throw new Error('usage: cpuprofile-top.ts file.cpuprofile [n]');
const profile = JSON.parse(await readFile(file, 'utf8')) as {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
};
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const frame = byId.get(id)?.callFrame;
  const us = profile.timeDeltas[i] ?? 0;
  total += us;
  const key = frame
    ? `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*\/(server|bench|node_modules)\//, '$1/')}:${frame.lineNumber + 1}`
    : '?';
  self.set(key, (self.get(key) ?? 0) + us);
});
console.log(`total ${(total / 1000).toFixed(0)} ms`);
for (const [key, us] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(n)))
  console.log(
    `${((us / total) * 100).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(6)} ms  ${key}`,
  );
