import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Flex,
  Form,
  Input,
  Radio,
  Row,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { ArticleDto, ArticleStatus, CreateArticleInput } from '../../../../contracts/knowledge.ts';
import { useArticle, useSaveArticle } from '../../entities/article/api.ts';
import { useCan } from '../../entities/user/api.ts';
import { api } from '../../shared/api/client.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { VersionHistory } from './VersionHistory.tsx';

type Values = Omit<CreateArticleInput, 'status'>;

/** The next states an editor can move an article to, as buttons. */
const MOVES: Record<ArticleStatus, ArticleStatus[]> = {
  draft: ['review', 'published'],
  review: ['draft', 'published'],
  published: ['review', 'archived'],
  archived: ['draft'],
};

/** Writing an article (KB-1): four sections, category, tags, visibility; the workflow and versions. */
export default function ArticleEditorPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const params = useParams();
  const [search] = useSearchParams();
  const id = params.id ? Number(params.id) : undefined;
  const fromTicket = search.get('fromTicket');
  const article = useArticle(id ?? 0, id !== undefined);
  const save = useSaveArticle(id);
  const [form] = Form.useForm<Values>();
  // Publishing is a reviewer's decision (kb.publish): an agent is not offered what the server refuses.
  const canPublish = useCan('kb.publish');

  useEffect(() => {
    if (article.data) form.setFieldsValue(article.data as unknown as Values);
  }, [article.data, form]);
  useEffect(() => {
    // KB-2: a resolved ticket offers a draft prefilled from it.
    if (!id && fromTicket) {
      void api
        .get<CreateArticleInput>(`/kb/drafts/from-ticket/${fromTicket}`)
        .then((draft) => form.setFieldsValue(draft));
    }
  }, [id, fromTicket, form]);

  const onSave = (values: Values) =>
    save.mutate(
      { ...values, ...(fromTicket && !id ? { sourceTicketId: Number(fromTicket) } : {}) },
      {
        onSuccess: (saved: ArticleDto) => {
          message.success(t('kb.saved'));
          if (!id) navigate(`/agent/kb/${saved.id}`, { replace: true });
        },
      },
    );
  const move = (status: ArticleStatus) =>
    save.mutate({ status }, { onSuccess: () => message.success(t(`kb.moved.${status}`)) });

  return (
    <Flex vertical gap={16} style={{ maxWidth: 1100, margin: '0 auto' }}>
      <Link to="/agent/kb">
        <ArrowLeftOutlined /> {t('kb.back')}
      </Link>
      <Flex justify="space-between" align="center" wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {id ? article.data?.title : t('kb.new')}
        </Typography.Title>
        {article.data && (
          <Space wrap>
            <Tag>{t(`kb.status.${article.data.status}`)}</Tag>
            <Tag>v{article.data.version}</Tag>
            {MOVES[article.data.status]
              .filter((status) => status !== 'published' || canPublish)
              .map((status) => (
                <Button key={status} onClick={() => move(status)} data-testid={`kb-move-${status}`}>
                  {t(`kb.move.${status}`)}
                </Button>
              ))}
          </Space>
        )}
      </Flex>
      <ErrorAlert error={save.error ?? article.error} />
      {fromTicket && !id && (
        <Alert
          type="info"
          showIcon
          data-testid="kb-from-ticket"
          title={t('kbCapture.fromTicketTitle')}
          description={t('kbCapture.fromTicketHint')}
        />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={onSave}
        initialValues={{ language: 'zh-CN', visibility: 'public', tags: [] }}
        data-testid="kb-editor"
      >
        <Row gutter={16}>
          <Col xs={24} md={16}>
            <Form.Item
              name="title"
              label={t('kb.field.title')}
              rules={[{ required: true, whitespace: true }, { max: 200 }]}
            >
              <Input data-testid="kb-title" />
            </Form.Item>
            {(['problem', 'cause', 'solution', 'prevention'] as const).map((section) => (
              <Form.Item
                key={section}
                name={section}
                label={t(`kb.section.${section}`)}
                rules={
                  section === 'problem' || section === 'solution'
                    ? [{ required: true, whitespace: true }]
                    : []
                }
              >
                <Input.TextArea rows={section === 'solution' ? 8 : 4} data-testid={`kb-${section}`} />
              </Form.Item>
            ))}
          </Col>
          <Col xs={24} md={8}>
            <Card size="small">
              <Form.Item name="language" label={t('kb.field.language')}>
                <Radio.Group
                  optionType="button"
                  options={[
                    { value: 'zh-CN', label: '中文' },
                    { value: 'en', label: 'English' },
                  ]}
                />
              </Form.Item>
              <Form.Item name="visibility" label={t('kb.field.visibility')}>
                <Radio.Group
                  optionType="button"
                  options={[
                    { value: 'public', label: t('kb.visibility.public') },
                    { value: 'internal', label: t('kb.visibility.internal') },
                  ]}
                />
              </Form.Item>
              <Form.Item name="category" label={t('kb.field.category')}>
                <Input placeholder={t('kbCapture.categoryPlaceholder')} />
              </Form.Item>
              <Form.Item name="tags" label={t('kb.field.tags')}>
                <Select mode="tags" tokenSeparators={[',', '，']} />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={save.isPending} data-testid="kb-save">
                {t('common.save')}
              </Button>
            </Card>
          </Col>
        </Row>
      </Form>
      {id && article.data && article.data.phrasings.length > 0 && (
        <Card size="small" title={t('kb.phrasings')}>
          <Space wrap>
            {article.data.phrasings.map((p) => (
              <Tag key={p}>{p}</Tag>
            ))}
          </Space>
        </Card>
      )}
      {id && <VersionHistory articleId={id} />}
    </Flex>
  );
}
