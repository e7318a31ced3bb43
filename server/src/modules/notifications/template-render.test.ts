import { describe, expect, it } from 'vitest';
import { renderText, templateVariables, textToHtml } from './template-render.ts';

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
});
