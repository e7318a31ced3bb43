import { mailSettings } from '../notifications/index.ts';

export { queueEmail } from '../notifications/index.ts';

/** An absolute link into the web app, for mail. */
export function publicLink(path: string): string {
  return `${mailSettings().publicUrl}${path}`;
}
