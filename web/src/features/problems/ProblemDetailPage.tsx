import { ArrowLeftOutlined, UserOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  List,
  Row,
  Select,
  Space,
  Steps,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { ProblemDetailDto, ProblemStatus, UpdateProblemInput } from '../../../../contracts/problems.ts';
import type { Priority } from '../../../../contracts/tickets.ts';
import { PriorityTag } from '../../entities/ticket/tags.tsx';
import { useMe } from '../../entities/user/api.ts';
import { formatDateTime } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { errorText } from '../../shared/ui/errors.ts';
import { useProblem, useUpdateProblem } from './api.ts';
import { ProblemStatusTag } from './labels.tsx';
import { AssetsCard, IncidentsCard, KnownErrorCard } from './ProblemCards.tsx';

const FLOW: ProblemStatus[] = ['new', 'investigating', 'known_error', 'resolved', 'closed'];

type Values = {
  title: string;
  description: string;
  priority: Priority;
  rootCause: string;
  workaround: string;
  notifyRequesters: boolean;
};

function StatusFlow({ problem }: { problem: ProblemDetailDto }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const update = useUpdateProblem(problem.id);
  return (
    <Card size="small" title={t('problems.mgmt.flow')}>
      <Flex vertical gap={12}>
        <Steps
          size="small"
          responsive
          current={FLOW.indexOf(problem.status)}
          items={FLOW.map((status) => ({ title: t(`problems.mgmt.status.${status}`) }))}
        />
        {problem.allowedTransitions.length > 0 && (
          <Space wrap>
            <Typography.Text type="secondary">{t('problems.mgmt.moveTo')}</Typography.Text>
            {problem.allowedTransitions.map((status) => (
              <Button
                key={status}
                size="small"
                loading={update.isPending}
                onClick={() =>
                  update.mutate({ status }, { onError: (error) => message.error(errorText(t, error)) })
                }
                data-testid={`problem-move-${status}`}
              >
                {t(`problems.mgmt.status.${status}`)}
              </Button>
            ))}
          </Space>
        )}
      </Flex>
    </Card>
  );
}

function DetailsForm({ problem }: { problem: ProblemDetailDto }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const update = useUpdateProblem(problem.id);
  const [form] = Form.useForm<Values>();
  const closed = problem.status === 'closed';
  const save = (values: Values) => {
    const input: UpdateProblemInput = {
      title: values.title,
      description: values.description ?? '',
      priority: values.priority,
      rootCause: values.rootCause?.trim() ? values.rootCause : null,
      workaround: values.workaround?.trim() ? values.workaround : null,
      notifyRequesters: values.notifyRequesters,
    };
    update.mutate(input, {
      onSuccess: () => message.success(t('problems.mgmt.saved')),
      onError: (error) => message.error(errorText(t, error)),
    });
  };
  return (
    <Card
      size="small"
      title={t('problems.mgmt.details')}
      extra={
        me.data &&
        problem.owner?.id !== me.data.id &&
        !closed && (
          <Button
            size="small"
            icon={<UserOutlined />}
            onClick={() => me.data && update.mutate({ ownerId: me.data.id })}
            data-testid="problem-take"
          >
            {t('problems.mgmt.takeOwnership')}
          </Button>
        )
      }
    >
      <Form<Values>
        form={form}
        layout="vertical"
        disabled={closed}
        initialValues={{
          title: problem.title,
          description: problem.description,
          priority: problem.priority,
          rootCause: problem.rootCause ?? '',
          workaround: problem.workaround ?? '',
          notifyRequesters: false,
        }}
        onFinish={save}
        key={problem.updatedAt}
      >
        <Form.Item name="title" label={t('problems.mgmt.field.title')} rules={[{ required: true, max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="description" label={t('problems.mgmt.field.description')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
        </Form.Item>
        <Form.Item name="priority" label={t('problems.mgmt.field.priority')}>
          <Select
            style={{ maxWidth: 160 }}
            options={(['P1', 'P2', 'P3', 'P4'] as const).map((p) => ({ value: p, label: p }))}
          />
        </Form.Item>
        <Form.Item name="rootCause" label={t('problems.mgmt.field.rootCause')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 10 }} data-testid="problem-root-cause" />
        </Form.Item>
        <Form.Item
          name="workaround"
          label={t('problems.mgmt.field.workaround')}
          extra={t('problems.mgmt.workaroundHint')}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 10 }} data-testid="problem-workaround" />
        </Form.Item>
        <Form.Item
          name="notifyRequesters"
          label={t('problems.mgmt.notifyRequesters')}
          valuePropName="checked"
        >
          <Switch data-testid="problem-notify" />
        </Form.Item>
        <Flex justify="space-between" align="center" wrap gap={8}>
          <Typography.Text type="secondary">
            {problem.owner
              ? t('problems.mgmt.owner', { name: problem.owner.name })
              : t('problems.mgmt.noOwner')}
          </Typography.Text>
          <Button type="primary" htmlType="submit" loading={update.isPending} data-testid="problem-save">
            {t('common.save')}
          </Button>
        </Flex>
      </Form>
    </Card>
  );
}

/** One problem: its status flow, root cause and workaround, known error, incidents, assets, fixes. */
export default function ProblemDetailPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const problem = useProblem(id);
  const p = problem.data;
  return (
    <Flex vertical gap={16}>
      <Link to="/agent/problem-management">
        <ArrowLeftOutlined /> {t('problems.mgmt.back')}
      </Link>
      <ErrorAlert error={problem.error} />
      {p && (
        <>
          <Space wrap align="center">
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="problem-heading">
              PRB-{p.id} {p.title}
            </Typography.Title>
            <ProblemStatusTag status={p.status} />
            <PriorityTag priority={p.priority} />
          </Space>
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('problems.mgmt.createdAt')}>
              {formatDateTime(p.createdAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('problems.mgmt.createdBy')}>
              {p.createdBy?.name ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('problems.mgmt.resolvedAt')}>
              {p.resolvedAt ? formatDateTime(p.resolvedAt) : '—'}
            </Descriptions.Item>
          </Descriptions>
          <StatusFlow problem={p} />
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={14}>
              <Flex vertical gap={16}>
                <DetailsForm problem={p} />
                <IncidentsCard problem={p} />
              </Flex>
            </Col>
            <Col xs={24} xl={10}>
              <Flex vertical gap={16}>
                <KnownErrorCard problem={p} />
                <AssetsCard problem={p} />
                <Card size="small" title={t('problems.mgmt.fixes')}>
                  {p.fixes.length === 0 ? (
                    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('problems.mgmt.noFixes')} />
                  ) : (
                    <List
                      size="small"
                      dataSource={p.fixes}
                      renderItem={(fix) => (
                        <List.Item>
                          <Space>
                            <span>{fix.title}</span>
                            <Tag>{fix.status}</Tag>
                          </Space>
                        </List.Item>
                      )}
                    />
                  )}
                </Card>
              </Flex>
            </Col>
          </Row>
        </>
      )}
    </Flex>
  );
}
