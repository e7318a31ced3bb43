/**
 * `zod` as the web app imports it (vite.config.ts aliases the bare specifier here): the same
 * library, set to parse without `new Function` before any schema is built. The desk's
 * Content-Security-Policy allows no eval, and even zod's probe for it is reported as a
 * violation; an object schema decides when it is built, and the contracts build theirs when
 * their chunk loads, which can be before main.tsx's body runs.
 */
import { config } from 'zod/v4';

config({ jitless: true });

export * from 'zod/v4';
export { default } from 'zod/v4';
