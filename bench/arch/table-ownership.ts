// Counts, per module, the statements that touch a table another module owns. A table belongs to
// the module whose schema file (server/src/db/schema/<module>.ts) declares it. A reference is a
// drizzle table identifier imported from the schema, or the table's SQL name after FROM, JOIN,
// INTO, UPDATE or DELETE FROM in raw SQL. Run: node bench/arch/table-ownership.ts [--list]
import fs from 'node:fs';
import path from 'node:path';

const schemaDir = 'server/src/db/schema';
const modulesDir = 'server/src/modules';

interface Table {
  identifier: string;
  sqlName: string;
  owner: string;
}

const tables: Table[] = [];
for (const file of fs.readdirSync(schemaDir)) {
  const owner = file.replace(/\.ts$/, '');
  const source = fs.readFileSync(path.join(schemaDir, file), 'utf8');
  for (const [, identifier = '', sqlName = ''] of source.matchAll(
    /export const (\w+) = pgTable\(\s*'(\w+)'/g,
  )) {
    tables.push({ identifier, sqlName, owner });
  }
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return full.endsWith('.ts') && !full.endsWith('.test.ts') ? [full] : [];
  });
}

const byModule = new Map<string, number>();
const lines: string[] = [];
for (const file of sourceFiles(modulesDir)) {
  const [module = ''] = path.relative(modulesDir, file).split(path.sep);
  if (module === 'registry.ts') continue;
  const source = fs.readFileSync(file, 'utf8');
  for (const table of tables) {
    if (table.owner === module) continue;
    const drizzle = new RegExp(`\\b${table.identifier}\\b`, 'g');
    const importsIt = new RegExp(`import[^;]*\\b${table.identifier}\\b[^;]*from '[^']*db/schema`, 's').test(
      source,
    );
    const drizzleUses = importsIt ? (source.match(drizzle)?.length ?? 1) - 1 : 0;
    const raw =
      source.match(new RegExp(`\\b(?:FROM|JOIN|INTO|UPDATE|DELETE FROM)\\s+${table.sqlName}\\b`, 'gi'))
        ?.length ?? 0;
    const count = drizzleUses + raw;
    if (count === 0) continue;
    byModule.set(module, (byModule.get(module) ?? 0) + count);
    lines.push(`${path.relative(modulesDir, file)}: ${table.sqlName} (${table.owner}) x${count}`);
  }
}
const total = [...byModule.values()].reduce((sum, n) => sum + n, 0);
console.log(`references to another module's tables: ${total}`);
console.log(
  [...byModule]
    .sort((a, b) => b[1] - a[1])
    .map(([m, n]) => `${m} ${n}`)
    .join(', '),
);
if (process.argv.includes('--list')) console.log(lines.join('\n'));
