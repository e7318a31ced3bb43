import { describe, expect, it } from 'vitest';
import { scrubPersonalData } from './scrub.ts';

describe('scrubPersonalData', () => {
  it('leaves the problem and the steps, not who had it or how to reach them', () => {
    const text = [
      '张伟，您好：',
      '工单 #10023 的问题已经处理。请张伟重新登录 VPN，证书已更新为 2027 版。',
      '如仍有问题请致电 138 1234 5678 或 010-88886666 转 123，或发邮件到 zhang.wei@example.com。',
      '谢谢！',
      '--',
      '李工 | IT 服务台',
    ].join('\n');
    const clean = scrubPersonalData(text, { names: ['张伟'], staffNames: ['李工'], language: 'zh-CN' });
    expect(clean).toContain('证书已更新为 2027 版');
    for (const gone of [
      '张伟',
      '李工',
      '10023',
      '138',
      '88886666',
      'example.com',
      '您好',
      '谢谢',
      'IT 服务台',
    ]) {
      expect(clean).not.toContain(gone);
    }
    expect(clean).toContain('请用户重新登录 VPN');
    expect(clean.startsWith('该工单的问题已经处理')).toBe(true);
  });

  it('drops English greetings and sign-offs and keeps the steps', () => {
    const text =
      'Hi Anna,\n\nHello, Anna Smith reported the same as #20431.\nReinstall the driver, then restart.\nHistory shows it since May.\nThanks!\n\nBest regards\nTom';
    const clean = scrubPersonalData(text, {
      names: ['Anna Smith', 'Anna'],
      staffNames: ['Tom'],
      language: 'en',
    });
    expect(clean).toBe(
      'the user reported the same as the ticket.\nReinstall the driver, then restart.\nHistory shows it since May.',
    );
  });

  it('keeps full-width punctuation, numbers that are not phone numbers and error codes', () => {
    const text = '错误代码 0x0000011b：打印后台程序（Spooler）需要重启，KB5005565 补丁回滚后恢复。';
    expect(scrubPersonalData(text, { names: [], language: 'zh-CN' })).toBe(text);
  });
});
