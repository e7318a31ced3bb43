import { describe, expect, it } from 'vitest';
import { characterNgrams, distribution, fieldTerms, predict, type Sample, train } from './classifier.ts';
import { ticketTerms } from './train-triage.ts';

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

  it('sees short Chinese text through character n-grams beside jieba words', () => {
    expect(characterNgrams('打印机卡纸')).toEqual(
      expect.arrayContaining(['#打印', '#印机', '#机卡', '#卡纸', '#打印机', '#卡纸']),
    );
    expect(characterNgrams('VPN 断')).toEqual([]);
    expect(characterNgrams('printer')).toEqual(expect.arrayContaining(['# pr', '#pri', '#ter', '#er ']));
    const terms = ticketTerms('邮箱满了', '收不到邮件', { errorCode: '0x800CCC0E', channel: 'portal' });
    expect(terms).toEqual(expect.arrayContaining(['邮箱', '#邮箱', '#箱满', '#收不到', '@code:0x800ccc0e']));
    expect(terms).toContain('@channel:portal');
    expect(fieldTerms({ environment: ' Prod EU ', organizationId: 7 })).toEqual(['@env:prod_eu', '@org:7']);
    // A word jieba never saw as a whole still matches on its characters: 钉钉群 against 钉钉.
    const model = train(
      [
        ...['钉钉消息收不到', '钉钉登录失败', '钉钉打不开'].map((t) => ({
          terms: ticketTerms(t, ''),
          label: 'im',
        })),
        ...['打印机卡纸', '打印机脱机', '打印机没反应'].map((t) => ({
          terms: ticketTerms(t, ''),
          label: 'print',
        })),
      ],
      { minCount: 1 },
    );
    expect(predict(model, ticketTerms('钉群里看不到', ''))?.label).toBe('im');
  });

  it('predicts a rare class when its words say so, and a correction counts more', () => {
    const history: Sample[] = [];
    for (let i = 0; i < 300; i++)
      history.push({ terms: ['password', 'reset', `user${i % 17}`, 'please'], label: 'access' });
    for (let i = 0; i < 6; i++)
      history.push({ terms: ['invoice', 'licence', 'purchase', 'please'], label: 'purchase' });
    const model = train(history);
    expect(predict(model, ['purchase', 'licence', 'please'])?.label).toBe('purchase');
    expect(predict(model, ['password', 'please'])?.label).toBe('access');
    // An ambiguous word: two ordinary samples say access, one sample says purchase; as a correction it wins.
    const adobe = (weight?: number): Sample[] => [
      { terms: ['adobe', 'acrobat'], label: 'access' },
      { terms: ['adobe', 'reader'], label: 'access' },
      { terms: ['adobe', 'pro'], label: 'purchase', weight },
    ];
    const balanced: Sample[] = [];
    for (let i = 0; i < 100; i++)
      balanced.push(
        { terms: ['password', `user${i % 17}`], label: 'access' },
        { terms: ['invoice', `user${i % 17}`], label: 'purchase' },
      );
    const fixed = { priorPower: 1, knnShare: 0, alpha: 0.1 };
    expect(predict(train([...adobe(), ...balanced], fixed), ['adobe'])?.label).toBe('access');
    expect(predict(train([...adobe(5), ...balanced], fixed), ['adobe'])?.label).toBe('purchase');
  });

  it('measures itself on the newest history it held out, and its confidences sum to one', () => {
    const history: Sample[] = [];
    for (let i = 0; i < 200; i++)
      history.push(
        i % 2
          ? { terms: ['vpn', 'tunnel', `n${i % 7}`], label: 'network' }
          : { terms: ['printer', 'toner', `n${i % 7}`], label: 'desktop' },
      );
    const model = train(history);
    expect(model.heldOut?.samples).toBe(40);
    expect(model.heldOut?.accuracy).toBe(1);
    const p = distribution(model, ['vpn']);
    expect(p.reduce((a, b) => a + b.probability, 0)).toBeCloseTo(1, 6);
    expect(p[0]?.label).toBe('network');
  });

  it('still predicts with a model stored before (logistic regression)', () => {
    const legacy = { labels: ['a', 'b'], vocabulary: { x: 0 }, size: 1, weights: [2, 0, -2, 0] };
    expect(predict(legacy, ['x'])?.label).toBe('a');
    expect(predict(legacy, ['x'])?.probability).toBeCloseTo(1 / (1 + Math.exp(-4)), 6);
  });
});
