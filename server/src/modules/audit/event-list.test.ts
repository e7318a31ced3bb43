import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { eventListMarkdown } from '../../../../bench/arch/event-list.ts';

const root = new URL('../../../../', import.meta.url).pathname;

it('docs/events.md lists the domain events as contracts/events.ts defines them', () => {
  const markdown = eventListMarkdown();
  // The list names every kind, so that a stale file cannot pass by an empty generator.
  expect(markdown).toContain('| `ticket.updated` | 1 |');
  expect(markdown).toContain('`changes.category?: from/to { id: number, name: string \\| null } \\| null`');
  expect(readFileSync(`${root}docs/events.md`, 'utf8'), 'run: node bench/arch/event-list.ts --write').toBe(
    markdown,
  );
});
