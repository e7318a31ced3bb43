import { describe, expect, it } from 'vitest';
import {
  characterNgrams,
  distribution,
  fieldTerms,
  keepsLatinBigrams,
  LATIN_BIGRAM,
  macroF1,
  neighbourSearches,
  predict,
  predictEach,
  type Sample,
  SHORT_TEXT,
  textBigrams,
  train,
} from './classifier.ts';
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

  // Short Chinese fault descriptions, four components, words shared between them (deterministic).
  const faults = (count: number, seed: number) => {
    const parts: Record<string, [string[], string[]]> = {
      网络: [
        ['VPN', 'wifi', '网线', '交换机'],
        ['连不上', '掉线', '很慢', '断开'],
      ],
      邮件: [
        ['邮箱', 'Outlook', '邮件', '收件箱'],
        ['收不到', '发不出去', '满了', '很慢'],
      ],
      打印: [
        ['打印机', '复印机', '扫描仪', '3楼打印机'],
        ['卡纸', '脱机', '没反应', '连不上'],
      ],
      账号: [
        ['密码', '账号', 'OA账号', '域账号'],
        ['忘了', '锁定', '过期', '登录不了'],
      ],
    };
    const out: { text: string; label: string }[] = [];
    let x = seed;
    const next = (n: number) => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return Math.floor(x / 65536) % n;
    };
    const labels = Object.keys(parts);
    for (let i = 0; i < count; i++) {
      const label = labels[next(labels.length)] as string;
      const [things, faultsOf] = parts[label] as [string[], string[]];
      // One in five borrows its fault word from another component.
      const other = parts[labels[next(labels.length)] as string] as [string[], string[]];
      const fault = next(5) === 0 ? other[1][next(4)] : faultsOf[next(4)];
      out.push({ text: `${['', '我的', '今天'][next(3)]}${things[next(4)]}${fault}`, label });
    }
    return out;
  };

  it("keeps the whole text's character bigrams for the neighbour vote only", () => {
    expect(textBigrams('VPN 连不上')).toEqual(['~vp', '~pn', '~n ', '~ 连', '~连不', '~不上']);
    expect(textBigrams('Printer  jam').map((t) => t.replace(LATIN_BIGRAM, '^'))).toEqual([
      '^pr',
      '^ri',
      '^in',
      '^nt',
      '^te',
      '^er',
      '^r ',
      '^ j',
      '^ja',
      '^am',
    ]);
    expect(ticketTerms('3楼打印机', '卡纸')).toEqual(
      expect.arrayContaining(['~3楼', '~机\n'.replace('\n', ' ')]),
    );
    // Samples described by bigrams alone: the naive Bayes sees nothing, the vote sees them.
    const history: Sample[] = faults(80, 1).map((f) => ({ terms: textBigrams(f.text), label: f.label }));
    const bayes = train(history, { knnShare: 0 });
    expect(bayes.labels).toHaveLength(4);
    expect(distribution(bayes, textBigrams('打印机卡纸'))).toEqual(
      distribution(bayes, textBigrams('VPN掉线')),
    );
    const voting = train(history, { knnShare: 1, view: 'bigrams' });
    expect(predict(voting, textBigrams('打印机卡纸'))?.label).toBe('打印');
  });

  it('keeps the bigrams of English text only with many classes or short texts: otherwise the model is the one without them', () => {
    const words = ['printer', 'paper', 'vpn', 'login', 'mail', 'disk', 'screen', 'badge'];
    // A long ticket: its words, then a body of over SHORT_TEXT characters.
    const body =
      ' the user wrote that it happened again this morning after the update and asked for help soon';
    const text = (c: number, i: number, long = true) =>
      `${words[c % 8]} ${words[(c * 3 + i) % 8]} case${c} item${i % 5}${long ? body : ''}`;
    const english = (classes: number, long = true): Sample[] =>
      Array.from({ length: 120 }, (_, i) => ({
        terms: [...text(i % classes, i, long).split(' '), ...textBigrams(text(i % classes, i, long))],
        label: `team${i % classes}`,
      }));
    const without = (h: Sample[]) =>
      h.map((s) => ({ ...s, terms: s.terms.filter((t) => !t.startsWith('~')) }));
    expect(text(0, 0).length).toBeGreaterThan(SHORT_TEXT + 1);
    const few = english(8);
    expect(JSON.stringify(train(few))).toBe(JSON.stringify(train(without(few))));
    // The same few classes with short texts (under SHORT_TEXT characters) keep them.
    const short = english(8, false);
    expect(keepsLatinBigrams(train(short))).toBe(true);
    expect(JSON.stringify(train(short))).not.toBe(JSON.stringify(train(without(short))));
    expect(predict(train(short, { knnShare: 1, view: 'bigrams', k: 1 }), textBigrams('Case5'))?.label).toBe(
      'team5',
    );
    // With 24 classes the vote may see the characters: a query sharing no word with its class's tickets.
    const many = english(24);
    const voting = train(many, { knnShare: 1, view: 'bigrams', k: 1 });
    expect(JSON.stringify(train(many))).not.toBe(JSON.stringify(train(without(many))));
    expect(predict(voting, textBigrams('Case17'))?.label).toBe('team17');
    // A query builds its Latin bigrams only for a model that kept them; Chinese ones always.
    expect(keepsLatinBigrams(train(few))).toBe(false);
    expect(keepsLatinBigrams(train(many))).toBe(true);
    expect(textBigrams('Case17', { latin: false })).toEqual([]);
    expect(textBigrams('打印', { latin: false })).toEqual(['~打印']);
    // A mostly Chinese history with as many classes keeps its own model: its few Latin-only texts'
    // bigrams are dropped.
    const chinese = many.map((s, i) =>
      i % 4 === 0 ? s : { ...s, terms: [...s.terms, ...textBigrams(`故障${i % 24}号`)] },
    );
    const withoutLatin = chinese.map((s) => ({
      ...s,
      terms: s.terms.filter((t) => !t.startsWith(LATIN_BIGRAM)),
    }));
    expect(JSON.stringify(train(chinese))).toBe(JSON.stringify(train(withoutLatin)));
  });

  it('with a share of 1 and the bigram view is the plain character-bigram vote, and the chosen combination is never below it', () => {
    const history = faults(150, 7);
    const queries = faults(60, 99);
    // The reference vote, as bench/eval-triage.ts computes it: log tf x idf over the whole text's bigrams, cosine.
    const grams = (text: string) => {
      const s = text.toLowerCase().replace(/\s+/g, ' ');
      const m = new Map<string, number>();
      for (let i = 0; i + 2 <= s.length; i++) m.set(s.slice(i, i + 2), (m.get(s.slice(i, i + 2)) ?? 0) + 1);
      return m;
    };
    const df = new Map<string, number>();
    for (const h of history) for (const g of grams(h.text).keys()) df.set(g, (df.get(g) ?? 0) + 1);
    const weigh = (text: string) => {
      const out = new Map<string, number>();
      let norm = 0;
      for (const [g, c] of grams(text)) {
        const d = df.get(g);
        if (!d) continue;
        const w = (1 + Math.log(c)) * (Math.log((1 + history.length) / (1 + d)) + 1);
        out.set(g, w);
        norm += w * w;
      }
      for (const [g, w] of out) out.set(g, w / (Math.sqrt(norm) || 1));
      return out;
    };
    const vectors = history.map((h) => weigh(h.text));
    const reference = (text: string, k: number) => {
      const q = weigh(text);
      const scored = vectors
        .map((v, d) => {
          let s = 0;
          for (const [g, w] of q) s += w * (v.get(g) ?? 0);
          return { d, s };
        })
        .filter((x) => x.s > 0)
        .sort((a, b) => b.s - a.s || a.d - b.d)
        .slice(0, k);
      const tally = new Map<string, number>();
      for (const { d, s } of scored) {
        const label = history[d]?.label ?? '';
        tally.set(label, (tally.get(label) ?? 0) + s);
      }
      return [...tally].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
    };
    const samples = history.map((h) => ({ terms: ticketTerms('', h.text), label: h.label }));
    const plain = train(samples, { knnShare: 1, view: 'bigrams' });
    const guesses = queries.map((q) => predict(plain, ticketTerms('', q.text))?.label);
    expect(guesses).toEqual(queries.map((q) => reference(q.text, plain.k)));
    // The training chose among combinations that include that vote, on the same held-out parts.
    const chosen = train(samples);
    const score = (m: typeof plain) => (m.crossValidated?.accuracy ?? 0) + (m.crossValidated?.macroF1 ?? 0);
    expect(chosen.crossValidated?.samples).toBe(150);
    expect(score(chosen)).toBeGreaterThanOrEqual(score(plain));
    const gold = queries.map((q) => q.label);
    const ours = queries.map((q) => predict(chosen, ticketTerms('', q.text))?.label ?? '');
    expect(macroF1(gold, ours)).toBeGreaterThan(0.5);
  });

  it('predicts several fields of one history exactly as each alone, searching the neighbours once per shared view', () => {
    // Three fields of the same tickets, as a desk's category, priority and team: the first two
    // vote over the same terms (with different k), the third over the bigrams.
    const history = faults(200, 11);
    const terms = history.map((h) => ticketTerms('', h.text));
    const field = (labelOf: (label: string, i: number) => string) =>
      terms.map((t, i) => ({ terms: t, label: labelOf(history[i]?.label ?? '', i) }));
    const category = train(
      field((l) => l),
      { knnShare: 0.4, k: 5, view: 'terms' },
    );
    const priority = train(
      field((l, i) => (l === '网络' || i % 7 === 0 ? 'high' : 'low')),
      { knnShare: 0.6, k: 20, view: 'terms' },
    );
    const team = train(
      field((l) => (l === '打印' ? 'desk' : 'infra')),
      { knnShare: 0.5, k: 3, view: 'bigrams' },
    );
    // Trained on fewer tickets: other neighbours, never shared.
    const fewer = train(field((l) => l).slice(20), { knnShare: 0.4, k: 10, view: 'terms' });
    const models = [category, priority, team, fewer];
    const before = { ...neighbourSearches };
    for (const query of faults(40, 5)) {
      const t = ticketTerms('', query.text);
      // Bit for bit: the same labels and the same probabilities.
      expect(JSON.stringify(predictEach(models, t))).toBe(JSON.stringify(models.map((m) => predict(m, t))));
    }
    expect(neighbourSearches.run - before.run).toBe(40 * 3);
    expect(neighbourSearches.shared - before.shared).toBe(40);
  });

  it('says how often its top label was right on the held-out history, for clear and for opaque tickets alike', () => {
    // Half the tickets name their label; the other half say nothing known, and 60% of those are "a".
    const history: Sample[] = [];
    for (let i = 0; i < 400; i++) {
      const clear = i % 2 === 0;
      const label = clear ? (i % 4 === 0 ? 'a' : 'b') : i % 10 < 6 ? 'a' : 'b';
      history.push({ terms: clear ? [label === 'a' ? 'alpha' : 'beta', `n${i}`] : [`u${i}`], label });
    }
    const model = train(history);
    const opaque = distribution(model, ['never-seen'])[0];
    expect(opaque?.label).toBe('a');
    expect(opaque?.probability).toBeCloseTo(0.6, 1);
    expect(distribution(model, ['alpha'])[0]?.probability).toBeGreaterThan(0.95);
    const knots = model.reliability?.accuracy ?? [];
    expect(knots.length).toBeGreaterThan(0);
    expect(knots).toEqual([...knots].sort((x, y) => x - y));
  });

  it('with many unbalanced classes: a bigram one earlier ticket shares counts, an unknown ticket gets the commonest label, a rare class is not outvoted', () => {
    // 500 tickets or more: naive Bayes terms seen once are dropped, but not the vote's bigrams.
    const history: Sample[] = [];
    for (let i = 0; i < 520; i++)
      history.push({ terms: textBigrams(`打印机第${i}次卡纸`), label: 'desktop' });
    history.push({ terms: textBigrams('钉钉闪退'), label: 'messaging' });
    const vote = train(history, { knnShare: 1, view: 'bigrams', k: 1 });
    expect(predict(vote, textBigrams('钉钉又闪退'))?.label).toBe('messaging');
    // A ticket that shares nothing with the history: the vote's best guess is the commonest label.
    const few: Sample[] = [];
    for (let i = 0; i < 40; i++)
      few.push({
        terms: textBigrams(i % 4 ? `邮箱满了${i}` : `密码过期${i}`),
        label: i % 4 ? 'mail' : 'account',
      });
    expect(predict(train(few, { knnShare: 1, view: 'bigrams' }), textBigrams('投影仪'))?.label).toBe('mail');
    // Three tickets of a rare class close to the query, many of a common class a little further.
    const skewed: Sample[] = [];
    for (let i = 0; i < 60; i++) skewed.push({ terms: ['disk', 'slow'], label: 'hardware' });
    for (let i = 0; i < 3; i++) skewed.push({ terms: ['disk', 'quota', `share${i}`], label: 'storage' });
    const fixed = { knnShare: 1, k: 10, view: 'terms' as const };
    const plain = train(skewed, { ...fixed, voteBalance: 0 });
    const balanced = train(skewed, fixed);
    expect(plain.voteWeight).toBeNull();
    expect(balanced.voteWeight?.[balanced.labels.indexOf('storage')]).toBeCloseTo(Math.sqrt(20), 2);
    expect(predict(plain, ['disk', 'quota', 'slow'])?.label).toBe('hardware');
    expect(predict(balanced, ['disk', 'quota', 'slow'])?.label).toBe('storage');
  });

  it('from 2,000 tickets chooses whether to balance the vote, on the newest tickets it held out', () => {
    // Tickets saying only "z" are 70% common, 30% rare: a balanced vote (rare x 3) would call them rare.
    const history = (n: number): Sample[] =>
      Array.from({ length: n }, (_, i) => {
        if (i % 2) return { terms: ['z'], label: i % 20 < 6 ? 'rare' : 'common' };
        return i % 10 === 0
          ? { terms: ['y', `b${i}`], label: 'rare' }
          : { terms: ['x', `a${i}`], label: 'common' };
      });
    const fixed = { knnShare: 1, k: 10, view: 'terms' as const };
    expect(train(history(2400), fixed).voteWeight).toBeNull();
    expect(predict(train(history(2400), fixed), ['z'])?.label).toBe('common');
    // Below 2,000 tickets the balance stays (five small parts choose it too coarsely).
    expect(train(history(400), fixed).voteWeight).not.toBeNull();
  });

  it('trains the fields of one history on one vocabulary, each model exactly as trained alone', async () => {
    const words = ['printer', 'paper', 'vpn', 'login', 'mail', 'disk', 'screen', 'badge', 'wifi', 'share'];
    const terms = Array.from({ length: 700 }, (_, i) => [
      words[i % 10] as string,
      words[(i * 7) % 10] as string,
      `host${i % 13}`,
      ...textBigrams(`${words[i % 10]} host${i % 13}`),
    ]);
    const category = terms.map((t, i) => ({ terms: t, label: `c${i % 10}` }));
    // The team: 24 classes (the Latin bigrams kept), one ticket in nine without a team.
    const team = terms.flatMap((t, i) => (i % 9 ? [{ terms: t, label: `t${(i * 5) % 24}` }] : []));
    const priority = terms.map((t, i) => ({ terms: t, label: `p${i % 3}`, weight: i % 17 ? 1 : 3 }));
    // One run, as trainFromHistory trains them: the same terms give the same vocabulary, shared.
    const together = [train(category), train(priority), train(team)];
    expect(together[0]?.terms).toBe(together[1]?.terms);
    expect(keepsLatinBigrams(together[2])).toBe(true);
    // Each alone, in runs of their own and on copies of the terms: the very same models.
    for (const [i, history] of [category, priority, team].entries()) {
      await new Promise((r) => setTimeout(r, 0));
      const alone = train(history.map((s) => ({ ...s, terms: [...s.terms] })));
      expect(JSON.stringify(alone)).toBe(JSON.stringify(together[i]));
    }
  });

  it('still predicts with a model stored before (logistic regression)', () => {
    const legacy = { labels: ['a', 'b'], vocabulary: { x: 0 }, size: 1, weights: [2, 0, -2, 0] };
    expect(predict(legacy, ['x'])?.label).toBe('a');
    expect(predict(legacy, ['x'])?.probability).toBeCloseTo(1 / (1 + Math.exp(-4)), 6);
  });
});
