// The server's dependency rules (.dependency-cruiser.cjs) and its module graph, with
// dependency-cruiser 18:
//   node scripts/deps.mjs check      the rules (zero violations, or exit 1) and a fresh docs/module-graph.md
//   node scripts/deps.mjs graph      writes docs/module-graph.md (npm run docs:graph)
//   node scripts/deps.mjs baseline   records today's violations as known (.dependency-cruiser-known-violations.json)
//
// dependency-cruiser reads TypeScript through the TypeScript compiler's API, which TypeScript 7.0
// (this project's compiler) lacks; 7.1 has it again. Until then this script hands it a mirror of
// the sources in .tmp/deps: each file with its types stripped by Node (module.stripTypeScriptTypes),
// type-only imports first made plain imports so that they still count, named `<file>.ts.js` so that
// every `./x.ts` import resolves to its mirror. The rules are written to hold for both the mirror
// and the sources; reports name the sources.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, stripTypeScriptTypes } from 'node:module';
import path from 'node:path';
import { cruise, format } from 'dependency-cruiser';

process.removeAllListeners('warning'); // stripTypeScriptTypes is "experimental" in Node 24.
const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '..');
const config = require(path.join(root, '.dependency-cruiser.cjs'));
const MIRROR = path.join(root, '.tmp/deps');
const SOURCES = ['server/src', 'contracts'];
// Mirrored too, for the imports of tests (test support, one web helper a test shares, the
// generators in bench/arch that a test checks docs against).
const MIRRORED = [...SOURCES, 'server/test', 'web/src', 'bench/arch'];
const KNOWN = path.join(root, '.dependency-cruiser-known-violations.json');
const GRAPH = path.join(root, 'docs/module-graph.md');

const toSource = (text) => text.replaceAll('.ts.js', '.ts');
const toMirror = (text) => text.replace(/"((?:server|contracts|web|bench)\/[^"]*\.ts)"/g, '"$1.js"');

function* tsFiles(dir) {
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') yield* tsFiles(file);
    else if (entry.isFile() && entry.name.endsWith('.ts')) yield file;
  }
}

function buildMirror() {
  rmSync(MIRROR, { recursive: true, force: true });
  for (const dir of MIRRORED) {
    for (const file of tsFiles(dir)) {
      const source = readFileSync(path.join(root, file), 'utf8')
        .replace(/^(\s*)import type /gm, '$1import ')
        .replace(/^(\s*)export type (\{[^}]*\}\s*from\s)/gm, '$1export $2');
      mkdirSync(path.join(MIRROR, path.dirname(file)), { recursive: true });
      writeFileSync(path.join(MIRROR, `${file}.js`), stripTypeScriptTypes(source, { mode: 'strip' }));
    }
  }
}

async function run(options) {
  const result = await cruise(
    SOURCES,
    { ...config.options, baseDir: MIRROR, tsPreCompilationDeps: false, ...options },
    { extensions: ['.js', '.json'] },
  );
  return result;
}

async function check() {
  let known = [];
  try {
    known = JSON.parse(toMirror(readFileSync(KNOWN, 'utf8')));
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  const result = await run({
    validate: true,
    ruleSet: { forbidden: config.forbidden },
    knownViolations: known,
  });
  const { summary } = result.output;
  // A mirror that lost its files would pass every rule: insist on the whole server.
  if (summary.totalCruised < 300) {
    console.error(
      `[lint:deps] only ${summary.totalCruised} files cruised: the mirror in .tmp/deps is broken`,
    );
    return 1;
  }
  const report = toSource((await format(result.output, { outputType: 'err-long' })).output);
  // dependency-cruiser's own warning that it found no TypeScript 7.1 compiler: the mirror answers it.
  process.stdout.write(`${report.split('\n‼ missing-typescript-transpiler')[0].trimEnd()}\n`);
  console.log(
    `[lint:deps] ${summary.totalCruised} files (type-stripped mirror in .tmp/deps, see scripts/deps.mjs)`,
  );
  return result.exitCode;
}

/** The layer-0 folders and files, and the modules, as the graph names them. */
const LAYER_0 = new Set(['platform', 'db', 'contracts', 'config']);
const NODE =
  /^(?:server\/src\/modules\/([^/]+)\/|server\/src\/(platform|db)\/|(contracts)\/|server\/src\/(config)\.ts)/;

/**
 * The module-level graph: one arrow for each pair of modules where one imports the other (or
 * layer 0 imports a module); tests and the wiring (registry.ts, app.ts, main.ts, demo data, cli)
 * left out.
 */
async function graphText() {
  const result = await run({ exclude: { path: `${config.options.exclude.path}|\\.test\\.ts` } });
  const nameOf = (file) => {
    const match = NODE.exec(file);
    return match ? match.slice(1).find(Boolean) : undefined;
  };
  const edges = new Set();
  for (const module of result.output.modules) {
    const from = nameOf(module.source);
    if (!from) continue;
    for (const dependency of module.dependencies) {
      const to = nameOf(dependency.resolved);
      // Every module may use layer 0; the graph shows the arrows between modules (and any from layer 0 to one).
      if (to && to !== from && !LAYER_0.has(to)) edges.add(`  ${from} --> ${to}`);
    }
  }
  const lines = [...edges].sort();
  return `# Module graph

Generated by \`npm run docs:graph\` (\`scripts/deps.mjs\`, from dependency-cruiser's reading of the
imports); \`npm run lint:deps\` fails when this file is stale, so do not edit it by hand. An arrow
means "imports": between the modules (server/src/modules/*), and from layer 0 (platform, db,
contracts, config.ts) to a module, which the rules forbid. Left out: what modules import of layer 0
(every module may), tests, and the wiring (registry.ts, app.ts, main.ts, demo data, cli), which
imports them all. The rules (layers, index.ts only, no cycle) are in \`.dependency-cruiser.cjs\`.

${lines.length} arrows.

\`\`\`mermaid
flowchart BT
${lines.join('\n')}
\`\`\`
`;
}

async function main(command) {
  buildMirror();
  if (command === 'graph') {
    writeFileSync(GRAPH, await graphText());
    console.log(`[docs:graph] wrote ${path.relative(root, GRAPH)}`);
    return 0;
  }
  if (command === 'baseline') {
    const result = await run({
      validate: true,
      ruleSet: { forbidden: config.forbidden },
      outputType: 'baseline',
    });
    writeFileSync(KNOWN, toSource(result.output));
    // In the project's JSON style, so that `npm run lint` passes on it.
    execFileSync(path.join(root, 'node_modules/.bin/biome'), ['format', '--write', KNOWN], {
      stdio: 'ignore',
    });
    console.log(`[lint:deps] recorded known violations in ${path.relative(root, KNOWN)}`);
    return 0;
  }
  if (command !== 'check') throw new Error(`unknown command ${command}`);
  const failures = await check();
  let stale = false;
  try {
    stale = readFileSync(GRAPH, 'utf8') !== (await graphText());
  } catch {
    stale = true;
  }
  if (stale)
    console.error('[lint:deps] docs/module-graph.md is stale: run `npm run docs:graph` and commit it');
  return failures > 0 || stale ? 1 : 0;
}

process.exitCode = await main(process.argv[2] ?? 'check');
