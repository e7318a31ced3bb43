import { eq } from 'drizzle-orm';
import { sessions } from '../../db/schema.ts';
import type { Db } from '../../platform/db/database.ts';
import { digestSecret } from './credentials.ts';

export async function logout(options: { db: Db; secret: string }): Promise<void> {
  await options.db.delete(sessions).where(eq(sessions.id, digestSecret(options.secret)));
}
