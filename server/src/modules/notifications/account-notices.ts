import type { Tx } from '../../platform/db/database.ts';
import type { LockedAccount } from '../identity/index.ts';
import { notify } from './notify.ts';

export const ACCOUNT_LOCKED_EVENT = 'account.locked';

/**
 * Tells a person that their account was locked after too many wrong passwords (once per
 * lock-out): in the bell and by mail, in their language, with what to do if it was not them.
 */
export async function notifyAccountLocked(
  tx: Tx,
  person: LockedAccount,
  details: { until: Date; failures: number },
): Promise<void> {
  const words = lockedWords(person.locale, details);
  await notify(tx, person, {
    event: ACCOUNT_LOCKED_EVENT,
    title: words.title,
    body: words.body,
    data: { until: details.until.toISOString() },
    email: { subject: words.title, text: words.body },
  });
}

function lockedWords(locale: 'zh-CN' | 'en', details: { until: Date; failures: number }) {
  const until = details.until.toISOString().replace('T', ' ').slice(0, 16);
  return locale === 'zh-CN'
    ? {
        title: '您的账号因多次密码错误已被暂时锁定',
        body: `有人连续 ${details.failures} 次输入了错误的密码，您的账号在 ${until} (UTC) 之前无法登录。如果不是您本人操作，请在解锁后修改密码并联系管理员。`,
      }
    : {
        title: 'Your account is locked after too many wrong passwords',
        body: `Someone entered a wrong password ${details.failures} times; sign-in to your account is refused until ${until} (UTC). If this was not you, change your password once it unlocks and tell your administrator.`,
      };
}
