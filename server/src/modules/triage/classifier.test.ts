import { describe, expect, it } from 'vitest';
import { predict, train } from './classifier.ts';

describe('the triage classifier', () => {
  const samples = [
    ...['vpn 连接 失败', 'vpn 断开', 'anyconnect vpn 809'].map((t) => ({
      terms: t.split(' '),
      label: 'network',
    })),
    ...['打印机 卡纸', '打印机 脱机', 'printer jam'].map((t) => ({ terms: t.split(' '), label: 'desktop' })),
  ];

  it('learns labels from terms and gives a probability', () => {
    const model = train(samples, { minCount: 1 });
    const vpn = predict(model, ['vpn', '报错']);
    expect(vpn?.label).toBe('network');
    expect(vpn?.probability).toBeGreaterThan(0.5);
    expect(predict(model, ['打印机'])?.label).toBe('desktop');
  });

  it('is deterministic and copes with one label or none', () => {
    expect(train(samples, { minCount: 1 })).toEqual(train(samples, { minCount: 1 }));
    expect(predict(train([{ terms: ['a'], label: 'x' }]), ['a'])).toEqual({ label: 'x', probability: 1 });
    expect(predict(train([]), ['a'])).toBeNull();
  });
});
