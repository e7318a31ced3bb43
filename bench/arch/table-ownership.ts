// Counts, per module, the statements that touch a table another module owns. A table belongs to
// the module whose schema file (server/src/db/schema/<module>.ts) declares it. A reference is a
// drizzle table identifier imported from the schema, or the table's SQL name after FROM, JOIN,
// INTO, UPDATE or DELETE FROM in raw SQL. Views (`pgView(...)` in a schema file: the read models a
// module publishes, see docs/architecture.md) are counted separately: reading another module's
// view is allowed. Run: node bench/arch/table-ownership.ts [--list]
import fs from 'node:fs';
import path from 'node:path';

const schemaDir = 'server/src/db/schema';
const modulesDir = 'server/src/modules';

interface Relation {
  identifier: string;
  sqlName: string;
  owner: string;
  view: boolean;
}

const relations: Relation[] = [];
for (const file of fs.readdirSync(schemaDir)) {
  const owner = file.replace(/\.ts$/, '');
  const source = fs.readFileSync(path.join(schemaDir, file), 'utf8');
  for (const [, identifier = '', kind = '', sqlName = ''] of source.matchAll(
    /export const (\w+) = (pgTable|pgView)\(\s*'(\w+)'/g,
  )) {
    relations.push({ identifier, sqlName, owner, view: kind === 'pgView' });
  }
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return full.endsWith('.ts') && !full.endsWith('.test.ts') ? [full] : [];
  });
}

const tableRefs = new Map<string, number>();
const viewRefs = new Map<string, number>();
const lines: string[] = [];
for (const file of sourceFiles(modulesDir)) {
  const [module = ''] = path.relative(modulesDir, file).split(path.sep);
  if (module === 'registry.ts') continue;
  const source = fs.readFileSync(file, 'utf8');
  for (const relation of relations) {
    if (relation.owner === module) continue;
    const drizzle = new RegExp(`\\b${relation.identifier}\\b`, 'g');
    const importsIt = new RegExp(
      `import[^;]*\\b${relation.identifier}\\b[^;]*from '[^']*db/schema`,
      's',
    ).test(source);
    const drizzleUses = importsIt ? (source.match(drizzle)?.length ?? 1) - 1 : 0;
    const raw =
      source.match(new RegExp(`\\b(?:FROM|JOIN|INTO|UPDATE|DELETE FROM)\\s+${relation.sqlName}\\b`, 'gi'))
        ?.length ?? 0;
    const count = drizzleUses + raw;
    if (count === 0) continue;
    const counts = relation.view ? viewRefs : tableRefs;
    counts.set(module, (counts.get(module) ?? 0) + count);
    const what = relation.view ? 'view' : 'table';
    lines.push(
      `${path.relative(modulesDir, file)}: ${what} ${relation.sqlName} (${relation.owner}) x${count}`,
    );
  }
}
const sum = (counts: Map<string, number>) => [...counts.values()].reduce((total, n) => total + n, 0);
const perModule = (counts: Map<string, number>) =>
  [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([m, n]) => `${m} ${n}`)
    .join(', ');
console.log(`references to another module's tables: ${sum(tableRefs)}`);
console.log(perModule(tableRefs));
console.log(`references to another module's published views (allowed): ${sum(viewRefs)}`);
console.log(perModule(viewRefs));
if (process.argv.includes('--list')) console.log(lines.sort().join('\n'));
