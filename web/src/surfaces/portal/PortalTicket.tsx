import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Card, Col, Flex, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { useMessages } from '../../entities/ticket/api.ts';
import { isFinal } from '../../entities/ticket/status.ts';
import { TicketApprovalsCard } from '../../features/approvals/TicketApprovalsCard.tsx';
import { PortalCsatCard } from '../../features/csat/TicketCsatCard.tsx';
import { NudgeButton } from '../../features/escalation/NudgeButton.tsx';
import { RemoteInviteBanner } from '../../features/remote-assist/RemoteInviteBanner.tsx';
import { ReplyComposer } from '../../features/reply-composer/ReplyComposer.tsx';
import { ResolutionPanel } from '../../features/resolution/ResolutionPanel.tsx';
import { SelfHelpCard } from '../../features/service-catalog/SelfHelpCard.tsx';
import { ServiceRequestCard } from '../../features/service-catalog/ServiceRequestCard.tsx';
import { RequesterSlaCard } from '../../features/sla-clock/RequesterSlaCard.tsx';
import { AttachmentList } from '../../features/ticket-detail/AttachmentList.tsx';
import { MessageList } from '../../features/ticket-detail/MessageList.tsx';
import { TicketFacts } from '../../features/ticket-detail/TicketFacts.tsx';
import { TicketHeader } from '../../features/ticket-detail/TicketHeader.tsx';
import { TicketLoader } from '../../features/ticket-detail/TicketLoader.tsx';

function Conversation({ ticket }: { ticket: TicketDto }) {
  const { t } = useTranslation();
  const messages = useMessages(ticket.id);
  // The server never sends internal notes to requesters; this is a second guard, not the rule.
  const visible = (messages.data ?? []).filter((message) => !message.internal);
  const closed = isFinal(ticket.status);
  return (
    <Card title={t('portal.conversation')} size="small">
      <MessageList messages={visible} loading={messages.isPending} />
      <div style={{ marginTop: 16 }}>
        {closed ? (
          <Alert type="info" showIcon title={t('portal.closedHint')} />
        ) : (
          <ReplyComposer ticketId={ticket.id} allowInternal={false} />
        )}
      </div>
    </Card>
  );
}

export default function PortalTicket() {
  const { t } = useTranslation();
  return (
    <div style={{ maxWidth: 1200, margin: '0 auto' }}>
      <Link to="/portal">
        <ArrowLeftOutlined /> {t('portal.backToList')}
      </Link>
      <TicketLoader>
        {(ticket) => (
          <div style={{ marginTop: 8 }}>
            <TicketHeader ticket={ticket} extra={<NudgeButton ticket={ticket} />} />
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={16}>
                <Flex vertical gap={16}>
                  <RemoteInviteBanner ticketId={ticket.id} />
                  <SelfHelpCard ticketId={ticket.id} />
                  <TicketApprovalsCard ticket={ticket} asRequester />
                  <ResolutionPanel ticket={ticket} asRequester />
                  <PortalCsatCard ticket={ticket} />
                  {ticket.type === 'service_request' && (
                    <ServiceRequestCard ticketId={ticket.id} canWork={false} />
                  )}
                  <Conversation ticket={ticket} />
                </Flex>
              </Col>
              <Col xs={24} lg={8}>
                <Flex vertical gap={16}>
                  <RequesterSlaCard ticket={ticket} />
                  <AttachmentList ticketId={ticket.id} canUpload={!isFinal(ticket.status)} />
                  <TicketFacts ticket={ticket} columns={1} />
                </Flex>
              </Col>
            </Row>
          </div>
        )}
      </TicketLoader>
    </div>
  );
}
