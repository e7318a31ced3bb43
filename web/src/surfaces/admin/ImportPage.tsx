import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Input, Space, Statistic, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useImportTickets } from '../../entities/settings/api.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';

/** Tickets from another system, one JSON object per line; every rejected line is reported by number. */
export default function ImportPage() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const run = useImportTickets();
  const lines = text.split('\n').filter((line) => line.trim()).length;

  return (
    <Card title={t('admin.menu.import')}>
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('admin.import.hint')}
        </Typography.Paragraph>
        <Typography.Text code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
          {t('admin.import.sample')}
        </Typography.Text>
        <Upload
          accept=".jsonl,.ndjson,.json,.txt"
          showUploadList={false}
          beforeUpload={(file) => {
            void file.text().then((content) => {
              setText(content);
              setFileName(file.name);
            });
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} data-testid="import-file">
            {t('admin.import.chooseFile')}
          </Button>
        </Upload>
        {fileName && <Typography.Text type="secondary">{fileName}</Typography.Text>}
        <Input.TextArea
          rows={10}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setFileName(null);
          }}
          placeholder={t('admin.import.placeholder')}
          style={{ fontFamily: 'monospace' }}
          data-testid="import-text"
        />
        <Button
          type="primary"
          disabled={lines === 0}
          loading={run.isPending}
          onClick={() => run.mutate(text.endsWith('\n') ? text : `${text}\n`)}
          data-testid="import-submit"
        >
          {t('admin.import.submit', { count: lines })}
        </Button>
        <ErrorAlert error={run.error} />
        {run.data && (
          <div data-testid="import-result">
            <Space size="large" style={{ marginBottom: 12 }}>
              <Statistic title={t('admin.import.created')} value={run.data.created} />
              <Statistic title={t('admin.import.skipped')} value={run.data.skipped} />
              <Statistic title={t('admin.import.errors')} value={run.data.errors.length} />
            </Space>
            {run.data.errors.length === 0 ? (
              <Alert type="success" showIcon title={t('admin.import.noErrors')} />
            ) : (
              <Table
                rowKey={(row) => `${row.line}:${row.message}`}
                size="small"
                pagination={false}
                dataSource={run.data.errors}
                columns={[
                  { key: 'line', title: t('admin.import.line'), dataIndex: 'line', width: 100 },
                  { key: 'message', title: t('admin.import.message'), dataIndex: 'message' },
                ]}
                data-testid="import-errors"
              />
            )}
          </div>
        )}
      </Space>
    </Card>
  );
}
