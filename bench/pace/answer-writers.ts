/**
 * Issue 18: a ticket's answer (TicketDto) written as fastify-type-provider-zod writes a route's
 * answer (the schema's check, then JSON.stringify) and as `fastSerializerCompiler` writes the
 * ticket read's and a new ticket's (fast-json-stringify compiled from the same schema): the
 * same text, and the µs each takes. The answer is a real one saved from the desk (a JSON file).
 *
 *   node bench/pace/answer-writers.ts ANSWER.json [--calls 100000] [--rounds 3]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { TicketDto } from '../../contracts/tickets.ts';
import { fastSerializerCompiler } from '../../server/src/platform/http/fast-serializer.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { calls: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '3' } },
});
const answer: unknown = JSON.parse(readFileSync(positionals[0] ?? '', 'utf8'));
const writers = {
  'zod check + JSON.stringify': serializerCompiler({
    schema: TicketDto,
    method: 'POST',
    url: '/api/v1/tickets',
    httpStatus: '201',
  } as never) as (data: unknown) => string,
  'fast-json-stringify': fastSerializerCompiler({ schema: TicketDto }),
};
const texts = Object.values(writers).map((write) => write(answer));
if (new Set(texts).size !== 1) throw new Error('the two writers give different texts');
console.log(JSON.stringify({ sameText: true, bytes: Buffer.byteLength(texts[0] ?? '') }));
const calls = Number(values.calls);
for (let round = 1; round <= Number(values.rounds); round++) {
  for (const [name, write] of Object.entries(writers)) {
    const started = process.hrtime.bigint();
    let bytes = 0;
    for (let i = 0; i < calls; i++) bytes += write(answer).length;
    const us = Number(process.hrtime.bigint() - started) / calls / 1000;
    console.log(JSON.stringify({ round, writer: name, usEach: Number(us.toFixed(2)), bytes: bytes / calls }));
  }
}
