import { describe, expect, it } from 'vitest';
import { type CandidateTicketFields, fieldsSharedByGroup } from './candidate-fields.ts';
import { parseTicketFields, sharedFields } from './duplicate-fields.ts';
import {
  calibrateThreshold,
  DEFAULT_DUPLICATE_THRESHOLD,
  fitDuplicateWeights,
  MIN_LINKS_FOR_CALIBRATION,
} from './duplicate-learning.ts';
import { DUPLICATE_WEIGHTS, duplicateFeatures, FEATURE_NAMES, sameProblem } from './duplicate-score.ts';

describe('parseTicketFields', () => {
  it('finds error codes, hosts, versions and report numbers in Chinese and English text', () => {
    const zh = parseTicketFields(
      'Outlook 报错 0x800CCC0E，连接 mail.corp.example.com (10.2.3.4) 失败，客户端版本 16.0.17328，见工单 #10234；错误代码 809',
    );
    expect(zh.codes).toEqual(expect.arrayContaining(['0x800ccc0e', 'error 809']));
    expect(zh.hosts).toEqual(expect.arrayContaining(['10.2.3.4', 'mail.corp.example.com']));
    expect(zh.versions).toContain('16.0.17328');
    expect(zh.versions).not.toContain('10.2.3.4');
    expect(zh.refs).toContain('10234');
    const en = parseTicketFields(
      'SeaMonkey 2.53.18 crashes with NS_ERROR_FAILURE and TypeError in prefs.js on prn-srv-02; see bug 752376',
    );
    expect(en.codes).toEqual(expect.arrayContaining(['ns_error_failure', 'typeerror', 'prefs.js']));
    expect(en.hosts).toContain('prn-srv-02');
    expect(en.versions).toContain('2.53.18');
    expect(en.refs).toContain('752376');
    expect(parseTicketFields('打印机卡纸了，请帮忙')).toEqual({
      codes: [],
      hosts: [],
      versions: [],
      refs: [],
    });
  });

  it('names only what both tickets share', () => {
    const a = parseTicketFields('VPN error 809 from vpn-gw-1, client 5.2.1');
    const b = parseTicketFields('错误代码 809，网关 vpn-gw-1，客户端 6.0.0');
    expect(sharedFields(a, b)).toEqual({ codes: ['error 809'], hosts: ['vpn-gw-1'], versions: [], refs: [] });
  });
});

describe('same-problem score', () => {
  const at = new Date('2026-11-02T08:00:00Z');
  const query = {
    subject: 'VPN 无法连接 错误 809',
    description: '在家连接 VPN 网关 vpn-gw-1 报错 809，客户端 5.2.1',
    createdAt: at,
    selfScore: 10,
  };
  const candidate = (id: number, subject: string, description: string, score: number, days: number) => ({
    id,
    subject,
    description,
    score,
    createdAt: new Date(at.getTime() - days * 86_400_000),
  });

  it('puts the ticket that shares the code, host and time above one that only shares words', () => {
    const candidates = [
      candidate(1, 'VPN 很慢', 'VPN 连接后访问内网很慢，客户端 4.0.0', 6, 200),
      candidate(2, 'VPN 连接失败 809', '网关 vpn-gw-1 提示错误 809，客户端 5.2.1', 5, 1),
      candidate(3, '打印机无法打印', '三楼打印机卡纸', 0.5, 2),
    ];
    const features = duplicateFeatures(query, candidates);
    expect(features[0]).toHaveLength(FEATURE_NAMES.length);
    const scores = features.map((f) => sameProblem(f));
    expect(scores[1]).toBeGreaterThan(scores[0] ?? 1);
    expect(scores[0]).toBeGreaterThan(scores[2] ?? 1);
    for (const s of scores) expect(s).toBeGreaterThanOrEqual(0);
    for (const s of scores) expect(s).toBeLessThanOrEqual(1);
    expect(DUPLICATE_WEIGHTS.weights).toHaveLength(FEATURE_NAMES.length);
  });

  it('learns to rank the known duplicates first from linked pairs', () => {
    // Feature 0 tells the duplicates apart, feature 1 is noise.
    const groups = Array.from({ length: 20 }, (_, g) =>
      Array.from({ length: 8 }, (_, i) => ({
        x: [i === g % 8 ? 0.9 : 0.2 + (i % 3) * 0.1, ((g * 7 + i * 3) % 10) / 10],
        y: (i === g % 8 ? 1 : 0) as 0 | 1,
      })),
    );
    const weights = fitDuplicateWeights(groups);
    expect(weights.weights[0]).toBeGreaterThan(Math.abs(weights.weights[1] ?? 0) * 3);
    for (const group of groups) {
      const best = [...group].sort((a, b) => sameProblem(b.x, weights) - sameProblem(a.x, weights))[0];
      expect(best?.y).toBe(1);
    }
    // Probabilities among such candidates: about one in eight is a duplicate.
    const mean = groups.flat().reduce((s, r) => s + sameProblem(r.x, weights), 0) / groups.flat().length;
    expect(mean).toBeGreaterThan(0.06);
    expect(mean).toBeLessThan(0.2);
  });
});

describe('calibrateThreshold', () => {
  it('uses the default while the desk has few links', () => {
    expect(calibrateThreshold([0.9, 0.8])).toEqual({ value: DEFAULT_DUPLICATE_THRESHOLD, links: 2 });
  });

  it('keeps four in five of the linked pairs above it, within bounds', () => {
    const scores = Array.from({ length: MIN_LINKS_FOR_CALIBRATION * 2 }, (_, i) => 0.3 + i * 0.02);
    const { value, links } = calibrateThreshold(scores);
    expect(links).toBe(20);
    expect(scores.filter((s) => s >= value).length / scores.length).toBeCloseTo(0.8, 5);
    expect(calibrateThreshold(new Array(20).fill(0)).value).toBe(0.02);
    expect(calibrateThreshold(new Array(20).fill(1)).value).toBe(0.8);
  });
});

describe('fieldsSharedByGroup', () => {
  it('names what at least two and at least half of the tickets have in common', () => {
    const ticket = (text: string, extra: Partial<CandidateTicketFields> = {}): CandidateTicketFields => ({
      text,
      errorCode: null,
      environment: null,
      category: '网络',
      organisation: null,
      ...extra,
    });
    const shared = fieldsSharedByGroup([
      ticket('共享盘 \\\\fs02\\finance 无法访问 FS02-ERR-53', { organisation: '财务部' }),
      ticket('Z 盘提示 FS02-ERR-53，\\\\fs02 连不上', { organisation: '财务部', environment: '办公网' }),
      ticket('映射盘打不开', { errorCode: 'FS02-ERR-53', organisation: '销售部' }),
      ticket('打印机 10.1.1.9 脱机', { category: '打印' }),
    ]);
    expect(shared.codes).toEqual(['fs02-err-53']);
    expect(shared.hosts).toEqual(['fs02']);
    expect(shared.categories).toEqual(['网络']);
    expect(shared.organisations).toEqual(['财务部']);
    expect(shared.environments).toEqual([]);
    expect(shared.versions).toEqual([]);
  });
});
