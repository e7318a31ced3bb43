import { Button, Card, Flex, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SynonymGroupDto } from '../../../../contracts/search.ts';
import { useSynonymMutations, useSynonyms } from '../../entities/article/api.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';

/** Words that mean the same to search (打印机 = printer, VPN = 远程接入), applied to every query. */
export default function SynonymsPage() {
  const { t } = useTranslation();
  const list = useSynonyms();
  const { create, remove } = useSynonymMutations();
  const [terms, setTerms] = useState<string[]>([]);
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('kb.synonyms.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('kb.synonyms.hint')}</Typography.Paragraph>
      <Card size="small">
        <Flex gap={8}>
          <Select
            mode="tags"
            value={terms}
            onChange={setTerms}
            tokenSeparators={[',', '，', '=']}
            style={{ flex: 1 }}
            placeholder="打印机, printer"
            data-testid="synonym-terms"
          />
          <Button
            type="primary"
            disabled={terms.length < 2}
            loading={create.isPending}
            onClick={() => create.mutate(terms, { onSuccess: () => setTerms([]) })}
          >
            {t('kb.synonyms.add')}
          </Button>
        </Flex>
        <ErrorAlert error={create.error ?? remove.error ?? list.error} style={{ marginTop: 8 }} />
      </Card>
      <Table<SynonymGroupDto>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        columns={[
          {
            title: t('kb.synonyms.group'),
            dataIndex: 'terms',
            render: (values: string[]) => values.map((v) => <Tag key={v}>{v}</Tag>),
          },
          {
            title: '',
            width: 100,
            render: (_, row) => (
              <Popconfirm title={t('kb.synonyms.confirmDelete')} onConfirm={() => remove.mutate(row.id)}>
                <Button danger size="small">
                  {t('common.delete')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Flex>
  );
}
