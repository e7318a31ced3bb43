import { MessageOutlined } from '@ant-design/icons';
import { Button, Dropdown, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCannedResponses, useRenderCanned } from '../../entities/channel/api.ts';

/** Inserts a canned response, its variables filled for this ticket, into the reply composer. */
export function CannedResponsePicker({
  ticketId,
  onInsert,
}: {
  ticketId: number;
  onInsert: (text: string) => void;
}) {
  const { t } = useTranslation();
  const canned = useCannedResponses(true, ticketId);
  const render = useRenderCanned();
  // The requester's language comes first (the server orders them); each says which language it is in.
  const items = (canned.data ?? []).map((c) => ({
    key: String(c.id),
    label: c.locale ? `${c.title} · ${t(c.locale === 'en' ? 'lang.en' : 'lang.zh')}` : c.title,
  }));
  const none = canned.isSuccess && items.length === 0;
  const picker = (
    <Dropdown
      disabled={items.length === 0}
      menu={{
        items,
        onClick: ({ key }) =>
          render.mutate({ id: Number(key), ticketId }, { onSuccess: ({ body }) => onInsert(body) }),
      }}
    >
      <Button size="small" icon={<MessageOutlined />} loading={render.isPending} data-testid="canned-picker">
        {t('canned.insert')}
      </Button>
    </Dropdown>
  );
  if (!none) return picker;
  // Disabled says nothing by itself: say why, and where canned responses are written.
  return (
    <Tooltip
      title={
        <span data-testid="canned-empty-hint">
          {t('emptyStates.noCanned')} <Link to="/agent/canned">{t('emptyStates.addCanned')}</Link>
        </span>
      }
    >
      <span>{picker}</span>
    </Tooltip>
  );
}
