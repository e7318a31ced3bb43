import { UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Modal, Table, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AssetImportResultDto } from '../../../../contracts/assets.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { assetKeys, importAssetsCsv } from './api.ts';

/** The sample of docs/assets-import-sample.csv: Chinese headers, a device, a server, an application. */
export const SAMPLE_CSV = `名称,类型,序列号,位置,责任人邮箱,状态,重要性,型号,购买日期,IP 地址,CPU 核数
张三的笔记本,终端设备,PF3K9X12,北京总部 5F,zhang.san@example.com,在用,中,ThinkPad X1 Carbon Gen 11,2025-03-01,,
财务数据库服务器,服务器,SRV-2024-0007,"机房 A, 机柜 3",,在用,关键,,,10.0.8.21,32
财务系统,应用系统,,,,在用,高,,,,
`;

/** Imports assets from a CSV file: a dry run shows each error with its row and column; the import is all or nothing. */
export function ImportDialog() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<AssetImportResultDto | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await importAssetsCsv(file, dryRun);
      setResult(answer);
      if (!dryRun) {
        message.success(t('assets.import.done', { count: answer.created }));
        await client.invalidateQueries({ queryKey: assetKeys.all });
        setOpen(false);
      }
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const sample = () => {
    const url = URL.createObjectURL(new Blob(['\uFEFF', SAMPLE_CSV], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'assets-import-sample.csv';
    link.click();
    URL.revokeObjectURL(url);
  };
  const checked = result?.dryRun === true && result.errors.length === 0;
  return (
    <>
      <Button
        icon={<UploadOutlined />}
        onClick={() => {
          setFile(null);
          setResult(null);
          setError(null);
          setOpen(true);
        }}
        data-testid="asset-import-open"
      >
        {t('assets.import.button')}
      </Button>
      <Modal
        open={open}
        title={t('assets.import.title')}
        onCancel={() => setOpen(false)}
        width={720}
        footer={
          <Flex gap={8} justify="end" wrap>
            <Button
              onClick={() => run(true)}
              disabled={!file}
              loading={busy}
              data-testid="asset-import-dry-run"
            >
              {t('assets.import.dryRun')}
            </Button>
            <Button
              type="primary"
              onClick={() => run(false)}
              disabled={!checked}
              loading={busy}
              data-testid="asset-import-run"
            >
              {t('assets.import.run')}
            </Button>
          </Flex>
        }
        destroyOnHidden
      >
        <Flex vertical gap={12}>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t('assets.import.help')}
          </Typography.Paragraph>
          <Flex gap={8} wrap align="center">
            <input
              ref={input}
              type="file"
              accept=".csv,text/csv"
              style={{ display: 'none' }}
              onChange={(event) => {
                setFile(event.target.files?.[0] ?? null);
                setResult(null);
                setError(null);
              }}
              data-testid="asset-import-file"
            />
            <Button onClick={() => input.current?.click()}>{t('assets.import.choose')}</Button>
            <Typography.Text>{file?.name}</Typography.Text>
            <Button type="link" onClick={sample}>
              {t('assets.import.sample')}
            </Button>
          </Flex>
          <ErrorAlert error={error} />
          {result && (
            <Alert
              type={result.errors.length ? 'error' : 'success'}
              title={
                result.errors.length
                  ? t('assets.import.failed', { rows: result.rows, count: result.errors.length })
                  : t('assets.import.ok', { rows: result.rows })
              }
              data-testid="asset-import-result"
            />
          )}
          {result && result.errors.length > 0 && (
            <Table
              size="small"
              rowKey={(e) => `${e.row}-${e.column}-${e.code}`}
              dataSource={result.errors}
              pagination={{ pageSize: 10 }}
              scroll={{ x: true }}
              columns={[
                { key: 'row', dataIndex: 'row', title: t('assets.import.row'), width: 60 },
                {
                  key: 'column',
                  title: t('assets.import.column'),
                  width: 110,
                  render: (_, e) => e.column ?? '—',
                },
                { key: 'message', dataIndex: 'message', title: t('assets.import.message') },
              ]}
              data-testid="asset-import-errors"
            />
          )}
        </Flex>
      </Modal>
    </>
  );
}
