import { describe, expect, it } from 'vitest';
import { buildSnippet } from './snippet.ts';

describe('buildSnippet', () => {
  it('keeps the text as written: full-width punctuation and letters stay as they are', () => {
    const text = '连接 VPN 时提示“错误 809”：请改用 SSL 模式（端口 443），然后重试！';
    expect(buildSnippet(text, new Set(['vpn', '809']))).toBe(
      '连接 <mark>VPN</mark> 时提示“错误 <mark>809</mark>”：请改用 SSL 模式（端口 443），然后重试！',
    );
  });

  it('still finds full-width letters the way the index reads them', () => {
    expect(buildSnippet('打开ＶＰＮ客户端，选择设置。', new Set(['vpn']))).toBe(
      '打开<mark>ＶＰＮ</mark>客户端，选择设置。',
    );
  });

  it('escapes what it shows', () => {
    expect(buildSnippet('<b>VPN</b> & “809”', new Set(['809']))).toBe(
      '&lt;b&gt;VPN&lt;/b&gt; &amp; “<mark>809</mark>”',
    );
  });
});
