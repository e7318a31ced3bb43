import { Button, Form, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Level, TicketDto, TicketType } from '../../../../contracts/tickets.ts';
import { CATEGORY_PATH } from '../../entities/category/tree.ts';
import { ticketOptions } from '../../entities/ticket/options.ts';
import { CategoryInput } from '../ticket-form/CategoryInput.tsx';
import { useTicketPatch } from './useTicketPatch.ts';

/** Type, category, impact and urgency; impact and urgency set the priority through the matrix. */
export function ClassificationControls({ ticket }: { ticket: TicketDto }) {
  const { t } = useTranslation();
  const { patch, pending } = useTicketPatch(ticket.id);
  const [category, setCategory] = useState<string | undefined>(undefined);
  const draft = category ?? ticket.category ?? '';
  const dirty = category !== undefined && category.trim() !== (ticket.category ?? '');
  const valid = !draft.trim() || CATEGORY_PATH.test(draft.trim());

  const saveCategory = async () => {
    if (await patch({ category: draft.trim() ? draft.trim() : null })) setCategory(undefined);
  };

  return (
    <Form layout="vertical" size="small">
      <Form.Item label={t('ticket.type')} style={{ marginBottom: 8 }}>
        <Select<TicketType>
          value={ticket.type}
          options={ticketOptions.type(t)}
          onChange={(type) => void patch({ type })}
          disabled={pending}
          data-testid="type-select"
        />
      </Form.Item>
      <Form.Item label={t('ticket.impact')} style={{ marginBottom: 8 }}>
        <Select<Level>
          value={ticket.impact}
          options={ticketOptions.impact(t)}
          onChange={(impact) => void patch({ impact })}
          disabled={pending}
          data-testid="impact-select"
        />
      </Form.Item>
      <Form.Item label={t('ticket.urgency')} style={{ marginBottom: 8 }}>
        <Select<Level>
          value={ticket.urgency}
          options={ticketOptions.urgency(t)}
          onChange={(urgency) => void patch({ urgency })}
          disabled={pending}
          data-testid="urgency-select"
        />
      </Form.Item>
      <Form.Item
        label={t('ticket.category')}
        style={{ marginBottom: 8 }}
        validateStatus={valid ? undefined : 'error'}
        help={valid ? undefined : t('ticketForm.categoryInvalid')}
      >
        <Space.Compact style={{ width: '100%' }}>
          <CategoryInput
            value={draft}
            onChange={setCategory}
            testId="category-input"
            style={{ width: '100%' }}
          />
          <Button
            onClick={() => void saveCategory()}
            disabled={!dirty || !valid}
            loading={pending}
            data-testid="category-save"
          >
            {t('common.save')}
          </Button>
        </Space.Compact>
      </Form.Item>
    </Form>
  );
}
