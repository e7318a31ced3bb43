/**
 * The server's dependency rules (issue 12), checked by `npm run lint:deps` (part of `npm test`).
 * docs/architecture.md explains the layering; docs/module-graph.md is the graph it yields
 * (`npm run docs:graph`).
 *
 * A module is a folder under server/src/modules. It imports only modules of a lower layer,
 * and only through their index.ts; a lower module that must make a higher one act publishes
 * an event (audit's onEvent) or defines a port that the higher one implements and
 * server/src/modules/registry.ts plugs in.
 */

/**
 * The layers, lowest first. Layer 0 (platform/, contracts/, config.ts, db/schema/*) is below
 * every module. A module may import only modules of a strictly lower layer: two modules of
 * one layer know nothing of each other, so no cycle between modules can form. A new module
 * must be placed here (rule `module-not-layered`).
 */
const LAYERS = [
  ['audit'],
  ['identity'],
  ['tickets'],
  ['notifications'],
  ['search', 'sla', 'channels', 'assets'],
  ['approvals'],
  ['routing'],
  ['escalation'],
  ['resolution'],
  ['surveys', 'knowledge', 'triage', 'alerts', 'remote'],
  ['runbooks', 'catalog', 'problems'],
  ['changes'],
  ['automation'],
  ['reports'],
];

const MODULES = LAYERS.flat();
/**
 * Test files. Tests drive modules together the way the registry does (a ticket test may use the
 * search engine), so the layering and index.ts rules apply to source only; source never
 * imports a test. The `(\\.js)?` in paths lets scripts/deps.mjs cruise its stripped mirror.
 */
const TEST = '\\.test\\.ts(\\.js)?$';
const modulePath = (names) => `^server/src/modules/(${names.join('|')})/`;

/** One rule per module: it may not import a module of its own layer or a higher one. */
const layerRules = LAYERS.flatMap((layer, index) =>
  layer.map((name) => {
    const notBelow = LAYERS.slice(index)
      .flat()
      .filter((other) => other !== name);
    return {
      name: `layer-${name}`,
      severity: 'error',
      comment: `${name} (layer ${index + 1}) imports only lower layers: not ${notBelow.join(', ')}.`,
      from: { path: `^server/src/modules/${name}/`, pathNot: TEST },
      to: { path: modulePath(notBelow) },
    };
  }),
);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No file imports itself through other files (type-only imports included).',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'module-not-layered',
      severity: 'error',
      comment: 'Every folder under server/src/modules has its place in LAYERS (.dependency-cruiser.cjs).',
      from: { path: '^server/src/modules/[^/]+/', pathNot: [modulePath(MODULES), TEST] },
      to: { path: '^server/src/modules/([^/]+)/', pathNot: '^server/src/modules/$1/' },
    },
    {
      name: 'no-platform-to-modules',
      severity: 'error',
      comment:
        'platform/ knows no domain: it never imports a module (nor the registry). A module that ' +
        'needs platform to know something registers it.',
      from: { path: '^server/src/platform/' },
      to: { path: '^server/src/modules/' },
    },
    {
      name: 'no-foundation-to-modules',
      severity: 'error',
      comment: 'contracts/, config.ts and db/ are layer 0: they import no module.',
      from: { path: '^(contracts/|server/src/config\\.ts$|server/src/db/)' },
      to: { path: '^server/src/modules/' },
    },
    {
      name: 'no-module-internals',
      severity: 'error',
      comment:
        'A module reaches another only through its index.ts. The sub-folders of channels ' +
        "(channels/email, channels/im ...) are channels' own.",
      from: { path: '^server/src/modules/([^/]+)/', pathNot: TEST },
      to: {
        path: '^server/src/modules/[^/]+/',
        pathNot: ['^server/src/modules/$1/', '^server/src/modules/[^/]+/index\\.ts(\\.js)?$'],
      },
    },
    {
      name: 'no-internals-from-wiring',
      severity: 'error',
      comment:
        'The wiring (app.ts, main.ts, demo data, cli, the registry) uses modules through their ' +
        'index.ts too.',
      from: {
        path: '^server/src/',
        pathNot: ['^server/src/(modules/[^/]+/|platform/)', '^server/src/modules/errors\\.ts', TEST],
      },
      to: { path: '^server/src/modules/[^/]+/', pathNot: '^server/src/modules/[^/]+/index\\.ts(\\.js)?$' },
    },
    {
      name: 'error-catalogue-reads-errors-only',
      severity: 'error',
      comment:
        "The error catalogue (modules/errors.ts) gathers each module's errors.ts, a leaf with the " +
        "module's codes and texts, without loading the module (unit tests use the catalogue alone); " +
        'it imports nothing else of a module.',
      from: { path: '^server/src/modules/errors\\.ts' },
      to: { path: '^server/src/modules/[^/]+/', pathNot: '^server/src/modules/[^/]+/errors\\.ts(\\.js)?$' },
    },
    {
      name: 'no-test-from-source',
      severity: 'error',
      comment: 'Source never imports a test file.',
      from: { pathNot: TEST },
      to: { path: TEST },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'Every relative import resolves to a file.',
      from: {},
      to: { couldNotResolve: true, path: '^[.]' },
    },
  ],
  options: {
    // Type-only imports count: a module that needs another's type depends on it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|migrations)/' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
    reporterOptions: {
      dot: { collapsePattern: '^server/src/modules/[^/]+' },
    },
  },
};
