import { ArrowLeftOutlined } from '@ant-design/icons';
import { Card, Col, Flex, Row, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TicketAction } from '../../../../contracts/ticket-status.ts';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { useMessages } from '../../entities/ticket/api.ts';
import { canDo } from '../../entities/ticket/status.ts';
import { AgentAssistPanel } from '../../features/agent-assist/AgentAssistPanel.tsx';
import { CaptureButton } from '../../features/agent-assist/CaptureButton.tsx';
import { AlertPanel } from '../../features/alert-panel/AlertPanel.tsx';
import { TicketApprovalsCard } from '../../features/approvals/TicketApprovalsCard.tsx';
import { TicketAssetsCard } from '../../features/assets/TicketAssetsCard.tsx';
import { AgentCsatCard } from '../../features/csat/TicketCsatCard.tsx';
import { EscalateDialog } from '../../features/escalation/EscalateDialog.tsx';
import { ProgressUpdateDialog } from '../../features/escalation/ProgressUpdateDialog.tsx';
import { TicketShortcuts } from '../../features/keyboard-shortcuts/TicketShortcuts.tsx';
import { DeclareMajorIncidentDialog } from '../../features/major-incident/DeclareMajorIncidentDialog.tsx';
import { OriginalMailButton } from '../../features/original-mail/OriginalMailButton.tsx';
import {
  PossibleDuplicatesPanel,
  usePossibleDuplicates,
} from '../../features/possible-duplicates/PossibleDuplicatesPanel.tsx';
import { TicketProblemCard } from '../../features/problems/TicketProblemCard.tsx';
import { RemoteAssistCard } from '../../features/remote-assist/RemoteAssistCard.tsx';
import { ReplyComposer } from '../../features/reply-composer/ReplyComposer.tsx';
import { ResolutionPanel } from '../../features/resolution/ResolutionPanel.tsx';
import { ResolveDialog } from '../../features/resolution/ResolveDialog.tsx';
import { RunbookCard } from '../../features/runbooks/RunbookCard.tsx';
import { ServiceRequestCard } from '../../features/service-catalog/ServiceRequestCard.tsx';
import { TicketSlaCard } from '../../features/sla-clock/TicketSlaCard.tsx';
import { AssignmentControls } from '../../features/ticket-actions/AssignmentControls.tsx';
import { ClassificationControls } from '../../features/ticket-actions/ClassificationControls.tsx';
import { NextActionCard } from '../../features/ticket-actions/NextActionCard.tsx';
import { PriorityControl } from '../../features/ticket-actions/PriorityControl.tsx';
import { AttachmentList } from '../../features/ticket-detail/AttachmentList.tsx';
import { MessageList } from '../../features/ticket-detail/MessageList.tsx';
import { SidePanelSections } from '../../features/ticket-detail/SidePanelSections.tsx';
import { TicketFacts } from '../../features/ticket-detail/TicketFacts.tsx';
import { TicketHeader } from '../../features/ticket-detail/TicketHeader.tsx';
import { TicketLoader } from '../../features/ticket-detail/TicketLoader.tsx';
import { TicketTimeline } from '../../features/ticket-detail/TicketTimeline.tsx';
import { LinksPanel } from '../../features/ticket-links/LinksPanel.tsx';
import { VendorHandoffDialog } from '../../features/vendor/VendorHandoffDialog.tsx';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';

function Conversation({ ticket }: { ticket: TicketDto }) {
  const messages = useMessages(ticket.id);
  return (
    <Flex vertical gap={16}>
      <ErrorAlert error={messages.error} />
      {ticket.channel === 'email' && <OriginalMailButton ticketId={ticket.id} messageId={null} />}
      <MessageList
        messages={messages.data ?? []}
        loading={messages.isPending}
        messageExtra={(message) =>
          message.channel === 'email' && !message.internal ? (
            <OriginalMailButton ticketId={ticket.id} messageId={message.id} />
          ) : null
        }
      />
      <ReplyComposer ticketId={ticket.id} allowInternal />
    </Flex>
  );
}

function SidePanel({ ticket }: { ticket: TicketDto }) {
  const { t } = useTranslation();
  const can = (action: TicketAction) => canDo(ticket.status, action);
  const duplicates = usePossibleDuplicates(ticket, can('merge')).items.length;
  return (
    <Flex vertical gap={12}>
      <TicketSlaCard ticketId={ticket.id} sla={ticket.sla} />
      <NextActionCard
        ticket={ticket}
        primary={
          can('capture_knowledge') ? <CaptureButton ticket={ticket} /> : <ResolveDialog ticket={ticket} />
        }
      >
        {can('progress_update') && <ProgressUpdateDialog ticket={ticket} />}
        {can('escalate') && <EscalateDialog ticket={ticket} />}
        {can('vendor_handoff') && <VendorHandoffDialog ticket={ticket} />}
        {can('declare_major_incident') && <DeclareMajorIncidentDialog ticket={ticket} />}
      </NextActionCard>
      <AlertPanel ticket={ticket} />
      <TicketAssetsCard ticket={ticket} />
      <RemoteAssistCard ticket={ticket} />
      <TicketApprovalsCard ticket={ticket} />
      <RunbookCard ticket={ticket} />
      <TicketProblemCard ticket={ticket} />
      <ResolutionPanel ticket={ticket} asRequester={false} />
      <AgentCsatCard ticket={ticket} />
      <SidePanelSections
        sections={[
          {
            key: 'properties',
            label: t('ticketPage.section.properties'),
            open: true,
            children: (
              <Flex vertical gap={12}>
                <Card size="small" title={t('ticket.priority')}>
                  <PriorityControl ticket={ticket} />
                </Card>
                <Card size="small" title={t('detail.assignment')}>
                  <AssignmentControls ticket={ticket} />
                </Card>
                <Card size="small" title={t('detail.classification')}>
                  <ClassificationControls ticket={ticket} />
                </Card>
              </Flex>
            ),
          },
          {
            key: 'related',
            label: t('ticketPage.section.related', { links: ticket.links.length, duplicates }),
            children: (
              <Flex vertical gap={12}>
                {can('merge') && <PossibleDuplicatesPanel ticket={ticket} />}
                <LinksPanel ticket={ticket} />
              </Flex>
            ),
          },
          {
            key: 'knowledge',
            label: t('ticketPage.section.knowledge'),
            children: <AgentAssistPanel ticket={ticket} />,
          },
        ]}
      />
    </Flex>
  );
}

/** The agent's view of one ticket: what was asked, the conversation, every change, and the controls. */
export default function AgentTicketPage() {
  const { t } = useTranslation();
  return (
    <div>
      <Flex justify="space-between" align="center">
        <Link to="/agent">
          <ArrowLeftOutlined /> {t('detail.backToQueue')}
        </Link>
        <TicketShortcuts />
      </Flex>
      <TicketLoader>
        {(ticket) => (
          <div style={{ marginTop: 8 }}>
            <TicketHeader ticket={ticket} />
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={16}>
                <Flex vertical gap={16}>
                  <TicketFacts ticket={ticket} editTags />
                  {ticket.type === 'service_request' && <ServiceRequestCard ticketId={ticket.id} canWork />}
                  <AttachmentList ticketId={ticket.id} />
                  <Card size="small">
                    <Tabs
                      items={[
                        {
                          key: 'conversation',
                          label: t('detail.conversation'),
                          children: <Conversation ticket={ticket} />,
                        },
                        {
                          key: 'timeline',
                          label: t('detail.timeline'),
                          children: <TicketTimeline ticketId={ticket.id} />,
                        },
                      ]}
                    />
                  </Card>
                </Flex>
              </Col>
              <Col xs={24} xl={8}>
                <SidePanel ticket={ticket} />
              </Col>
            </Row>
          </div>
        )}
      </TicketLoader>
    </div>
  );
}
