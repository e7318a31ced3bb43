import { Alert, Button, Card, Col, Empty, Form, Input, Result, Row, Tree, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { CatalogItemDto } from '../../../../contracts/catalog.ts';
import { isApiError } from '../../shared/api/client.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { errorText } from '../../shared/ui/errors.ts';
import { useCatalogItems, useRequestService } from './api.ts';
import { CatalogFields, toAnswers } from './CatalogFields.tsx';
import { localized } from './text.ts';

type TreeNode = { key: number; title: string; children: TreeNode[] };

/** The items as a tree (parent), keeping the ancestors of each item that matches the search. */
export function catalogTree(items: readonly CatalogItemDto[], lang: string, search: string): TreeNode[] {
  const term = search.trim().toLowerCase();
  const byId = new Map(items.map((item) => [item.id, item]));
  const matches = (item: CatalogItemDto) =>
    !term ||
    [item.name['zh-CN'], item.name.en, item.description['zh-CN'], item.description.en].some((text) =>
      text.toLowerCase().includes(term),
    );
  const keep = new Set<number>();
  for (const item of items) {
    if (!matches(item)) continue;
    for (
      let at: CatalogItemDto | undefined = item;
      at && !keep.has(at.id);
      at = byId.get(at.parentId ?? -1)
    ) {
      keep.add(at.id);
    }
  }
  const node = (item: CatalogItemDto): TreeNode => ({
    key: item.id,
    title: localized(item.name, lang),
    children: items.filter((child) => child.parentId === item.id && keep.has(child.id)).map(node),
  });
  return items
    .filter((item) => (item.parentId === null || !byId.has(item.parentId)) && keep.has(item.id))
    .map(node);
}

function RequestForm({ item }: { item: CatalogItemDto }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const [form] = Form.useForm();
  const request = useRequestService(item.id);
  const [values, setValues] = useState<Record<string, unknown>>({});
  if (request.data) {
    const { ticket } = request.data;
    return (
      <Result
        status="success"
        title={t('catalog.portal.sent', { number: ticket.number })}
        subTitle={item.approval ? t('catalog.portal.waitsForApproval') : t('catalog.portal.inFulfilment')}
        data-testid="catalog-request-sent"
        extra={
          <Link to={`/portal/tickets/${ticket.id}`}>
            <Button type="primary">{t('catalog.portal.openTicket')}</Button>
          </Link>
        }
      />
    );
  }
  const submit = (values: Record<string, unknown>) =>
    request.mutate(toAnswers(item.form, values), {
      onError: (error) => {
        // The server names the answer at fault (`answers.<key>`): mark that field.
        const key = isApiError(error) ? error.field?.replace(/^answers\./, '') : undefined;
        if (key && item.form.some((f) => f.key === key))
          form.setFields([{ name: key, errors: [errorText(t, error)] }]);
      },
    });
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      onValuesChange={(_, all) => setValues(all)}
      data-testid="catalog-request-form"
    >
      <CatalogFields
        fields={item.form}
        lang={lang}
        values={values}
        attachHint={t('catalog.portal.attachLater')}
      />
      <ErrorAlert error={request.error} />
      <Button type="primary" htmlType="submit" loading={request.isPending} data-testid="catalog-submit">
        {t('catalog.portal.submit')}
      </Button>
    </Form>
  );
}

/** The service catalog in the portal (KB-5): the tree with a search, and the chosen item's form. */
export default function PortalCatalogPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const navigate = useNavigate();
  const { id } = useParams();
  const [search, setSearch] = useState('');
  const items = useCatalogItems();
  const tree = useMemo(() => catalogTree(items.data ?? [], lang, search), [items.data, lang, search]);
  const chosen = (items.data ?? []).find((item) => String(item.id) === id);
  const guide = chosen?.guide;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={8}>
        <Card title={t('catalog.portal.title')}>
          <Input.Search
            allowClear
            placeholder={t('catalog.portal.search')}
            onChange={(event) => setSearch(event.target.value)}
            style={{ marginBottom: 12 }}
            data-testid="catalog-search"
          />
          <ErrorAlert error={items.error} />
          {tree.length === 0 && !items.isPending ? (
            <Empty description={t('catalog.portal.empty')} />
          ) : (
            <Tree
              treeData={tree}
              defaultExpandAll
              key={`${tree.length}-${search}`}
              selectedKeys={chosen ? [chosen.id] : []}
              onSelect={(keys) => keys[0] !== undefined && navigate(`/portal/catalog/${keys[0]}`)}
              data-testid="catalog-tree"
            />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={16}>
        <Card
          title={chosen ? localized(chosen.name, lang) : t('catalog.portal.choose')}
          data-testid="catalog-item"
        >
          {chosen ? (
            <>
              {localized(chosen.description, lang) && (
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>
                  {localized(chosen.description, lang)}
                </Typography.Paragraph>
              )}
              {guide && (
                <Alert
                  type="info"
                  showIcon
                  title={t('catalog.portal.guide')}
                  description={<span style={{ whiteSpace: 'pre-wrap' }}>{guide}</span>}
                  style={{ marginBottom: 16 }}
                />
              )}
              {chosen.approval && (
                <Typography.Paragraph type="secondary">
                  {t('catalog.portal.needsApproval')}
                </Typography.Paragraph>
              )}
              <RequestForm key={chosen.id} item={chosen} />
            </>
          ) : (
            <Typography.Text type="secondary">{t('catalog.portal.chooseHint')}</Typography.Text>
          )}
        </Card>
      </Col>
    </Row>
  );
}
