import { Typography } from 'antd';

/**
 * A search excerpt. The server escapes the text and adds only <mark> around matching words,
 * so it is shown as HTML after a check that nothing else is in it.
 */
export function Snippet({ html }: { html: string }) {
  const safe = html.replace(/<(?!\/?mark>)/g, '&lt;');
  return (
    <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }} ellipsis={{ rows: 3 }}>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: escaped by the server, only <mark> remains */}
      <span dangerouslySetInnerHTML={{ __html: safe }} />
    </Typography.Paragraph>
  );
}
