import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Col, Grid, Result, Row, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DeflectionPanel } from '../../features/kb-deflection/DeflectionPanel.tsx';
import { TicketCreatedResult } from '../../features/ticket-form/TicketCreatedResult.tsx';
import { TicketForm, toCreateTicketInput } from '../../features/ticket-form/TicketForm.tsx';
import { useSubmitTicket } from '../../features/ticket-form/useSubmitTicket.ts';

/** 提单: the requester describes the problem and gets the ticket number at once. */
export default function PortalNewTicket() {
  const { t } = useTranslation();
  const submit = useSubmitTicket();
  const [formKey, setFormKey] = useState(0);
  const [typed, setTyped] = useState('');
  const [solvedBy, setSolvedBy] = useState<string | null>(null);
  const wide = Grid.useBreakpoint().lg === true;

  if (solvedBy) {
    return (
      <Card style={{ maxWidth: 900, margin: '0 auto' }}>
        <Result
          status="success"
          title={t('kb.deflection.doneTitle')}
          subTitle={t('kb.deflection.doneHint', { title: solvedBy })}
          data-testid="deflection-done"
          extra={
            <Link to="/portal">
              <Button type="primary">{t('portal.backToList')}</Button>
            </Link>
          }
        />
      </Card>
    );
  }

  if (submit.data) {
    return (
      <Card style={{ maxWidth: 900, margin: '0 auto' }}>
        <TicketCreatedResult
          submitted={submit.data}
          ticketPath={`/portal/tickets/${submit.data.ticket.id}`}
          onAnother={() => {
            submit.reset();
            setFormKey((key) => key + 1);
          }}
        />
      </Card>
    );
  }
  // Suggestions sit beside the form on a wide screen and under the problem's fields on a
  // narrow one, so that they never push the field being typed in.
  const panel = <DeflectionPanel text={typed} onSolved={setSolvedBy} placeholder={wide} />;
  return (
    <div style={{ maxWidth: wide ? 1280 : 900, margin: '0 auto' }}>
      <Link to="/portal">
        <ArrowLeftOutlined /> {t('portal.backToList')}
      </Link>
      <Typography.Title level={3} style={{ marginTop: 8 }}>
        {t('portal.newTicketTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('portal.newTicketHint')}</Typography.Paragraph>
      <Row gutter={24} wrap={false}>
        <Col flex="auto" style={{ minWidth: 0 }}>
          <TicketForm
            key={formKey}
            onTextChange={setTyped}
            afterProblem={wide ? undefined : panel}
            submitting={submit.isPending}
            error={submit.error}
            onSubmit={(values, files) =>
              submit.mutate({ input: { ...toCreateTicketInput(values), channel: 'portal' }, files })
            }
          />
        </Col>
        {wide && (
          <Col flex="380px">
            <div style={{ position: 'sticky', top: 16 }} data-testid="deflection-column">
              {panel}
            </div>
          </Col>
        )}
      </Row>
    </div>
  );
}
