import { Descriptions, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { typingIn } from '../global-search/GlobalSearch.tsx';
import { neighbourInQueue } from './queue-order.ts';

/** Puts the reply composer in reply or note mode and the cursor in it. */
function focusComposer(mode: 'public' | 'internal'): void {
  const toggle = document.querySelector('[data-testid="reply-internal-toggle"]');
  const items = toggle?.querySelectorAll<HTMLElement>('.ant-segmented-item');
  items?.[mode === 'public' ? 0 : 1]?.click();
  // After the mode switch has rendered.
  setTimeout(() => document.querySelector<HTMLTextAreaElement>('[data-testid="reply-body"]')?.focus(), 0);
}

const KEYS: { keys: string; what: 'reply' | 'note' | 'next' | 'previous' | 'search' | 'send' | 'help' }[] = [
  { keys: 'r', what: 'reply' },
  { keys: 'n', what: 'note' },
  { keys: 'j', what: 'next' },
  { keys: 'k', what: 'previous' },
  { keys: 'Ctrl + Enter', what: 'send' },
  { keys: '/  ·  Ctrl + K', what: 'search' },
  { keys: '?', what: 'help' },
];

/**
 * The ticket page's keys: r reply, n internal note, j / k the next / previous ticket in the
 * queue's order, ? this help. Keys typed into a field are left alone.
 */
export function TicketShortcuts() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const ticketId = Number(useParams().id);
  const [help, setHelp] = useState(false);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || typingIn(event.target)) return;
      // A dialog that is open has the keyboard (antd keeps closed ones in the page, hidden).
      const dialogOpen = [...document.querySelectorAll<HTMLElement>('.ant-modal-wrap')].some(
        (wrap) => wrap.style.display !== 'none',
      );
      if (dialogOpen && event.key !== '?') return;
      const go = (step: 1 | -1) => {
        const next = neighbourInQueue(ticketId, step);
        if (next !== null) navigate(`/agent/tickets/${next}`);
      };
      const actions: Record<string, () => void> = {
        r: () => focusComposer('public'),
        n: () => focusComposer('internal'),
        j: () => go(1),
        k: () => go(-1),
        '?': () => setHelp((open) => !open),
      };
      const action = actions[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ticketId, navigate]);

  return (
    <>
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="shortcuts-hint">
        {t('shortcuts.hint')}
      </Typography.Text>
      <Modal open={help} title={t('shortcuts.title')} footer={null} onCancel={() => setHelp(false)}>
        <Descriptions column={1} size="small" bordered data-testid="shortcuts-help">
          {KEYS.map(({ keys, what }) => (
            <Descriptions.Item key={what} label={<kbd>{keys}</kbd>}>
              {t(`shortcuts.${what}`)}
            </Descriptions.Item>
          ))}
        </Descriptions>
      </Modal>
    </>
  );
}
