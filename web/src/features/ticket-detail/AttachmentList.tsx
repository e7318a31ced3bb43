import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Typography, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import { attachmentUrl, useAttachments, useUploadAttachment } from '../../entities/ticket/api.ts';
import { formatDateTime, formatFileSize, MAX_ATTACHMENT_BYTES } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { errorText } from '../../shared/ui/errors.ts';

type Props = { ticketId: number; canUpload?: boolean };

/** Every file on the ticket, each a download link; new files upload at once. */
export function AttachmentList({ ticketId, canUpload = true }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const attachments = useAttachments(ticketId);
  const upload = useUploadAttachment(ticketId);

  const uploadButton = canUpload && (
    <Upload
      showUploadList={false}
      multiple
      beforeUpload={(file) => {
        if (file.size > MAX_ATTACHMENT_BYTES) {
          message.error(t('errors.fileTooLarge', { name: file.name }));
        } else {
          upload.mutate(file, {
            onSuccess: () => message.success(t('attachments.uploaded', { name: file.name })),
            onError: (error) => message.error(`${file.name}: ${errorText(t, error)}`),
          });
        }
        return false;
      }}
    >
      <Button
        size="small"
        icon={<UploadOutlined />}
        loading={upload.isPending}
        data-testid="attachment-upload"
      >
        {t('attachments.upload')}
      </Button>
    </Upload>
  );

  const items = attachments.data ?? [];
  return (
    <Card size="small" title={t('attachments.title')} extra={uploadButton}>
      <ErrorAlert error={attachments.error} />
      <Flex vertical gap={6} data-testid="attachment-list">
        {items.length === 0 && !attachments.isPending && (
          <Typography.Text type="secondary">{t('attachments.empty')}</Typography.Text>
        )}
        {items.map((attachment) => (
          <Flex key={attachment.id} justify="space-between" gap={8} data-testid="attachment-item">
            <a href={attachmentUrl(ticketId, attachment.id)} download={attachment.filename}>
              <DownloadOutlined /> {attachment.filename}
            </a>
            <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
              {formatFileSize(attachment.size)} · {formatDateTime(attachment.createdAt)}
            </Typography.Text>
          </Flex>
        ))}
      </Flex>
    </Card>
  );
}
