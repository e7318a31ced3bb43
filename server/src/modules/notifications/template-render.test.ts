import { describe, expect, it } from 'vitest';
import { renderHtml, renderText, templateVariables, textToHtml } from './template-render.ts';

describe('template rendering', () => {
  it('fills dotted variables and leaves missing ones empty', () => {
    expect(
      renderText('#{{ ticket.number }} {{requester.name}}{{nope.x}}', {
        ticket: { number: 10001 },
        requester: { name: '张三' },
      }),
    ).toBe('#10001 张三');
    expect(templateVariables('{{a.b}} {{c}} {{a.b}}')).toEqual(['a.b', 'c']);
  });
  it('escapes everything when making HTML from text', () => {
    const html = textToHtml('<script>x</script>\nhttps://desk.example/t/1');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('<a href="https://desk.example/t/1">');
  });
  it('puts a trusted block where its variable is, and escapes every value, even one faking a block', () => {
    const html = renderHtml(
      'Hi {{name}}\n\n{{table}}\n\nSee {{table}} and {{note}}',
      { name: '<b>张三</b>', note: '\uE0000\uE000', table: 'plain' },
      { table: '<table><tr><td>1</td></tr></table>' },
    );
    expect(html).toContain('<p>Hi &lt;b&gt;张三&lt;/b&gt;</p>');
    expect(html).toContain('\n<table><tr><td>1</td></tr></table>\n');
    expect(html).toContain('<p>See <table><tr><td>1</td></tr></table> and 0</p>');
    expect(renderText('{{table}}', { table: 'plain' })).toBe('plain');
  });
});
