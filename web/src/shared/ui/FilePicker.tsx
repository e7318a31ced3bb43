import { PaperClipOutlined } from '@ant-design/icons';
import { App, Button, Upload, type UploadFile } from 'antd';
import { useTranslation } from 'react-i18next';
import { MAX_ATTACHMENT_BYTES } from '../lib/format.ts';

type Props = {
  files: File[];
  onChange: (files: File[]) => void;
  testId?: string;
  buttonLabel?: string;
  /** A short line beside the button, such as the size limit. */
  hint?: string;
  disabled?: boolean;
};

/** Collects files in the browser; the caller uploads them once it knows the ticket (or message) they belong to. */
export function FilePicker({ files, onChange, testId, buttonLabel, hint, disabled }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fileList: UploadFile[] = files.map((file, index) => ({
    uid: `${index}:${file.name}`,
    name: file.name,
    size: file.size,
    status: 'done',
  }));
  return (
    <div data-testid={testId}>
      <Upload
        multiple
        fileList={fileList}
        disabled={disabled}
        beforeUpload={(file, batch) => {
          if (file.size > MAX_ATTACHMENT_BYTES) message.error(t('errors.fileTooLarge', { name: file.name }));
          // Called once per chosen file; take the whole batch at its last file so none is lost.
          if (file === batch[batch.length - 1]) {
            onChange([...files, ...batch.filter((item) => item.size <= MAX_ATTACHMENT_BYTES)]);
          }
          return false;
        }}
        onRemove={(removed) => {
          onChange(files.filter((file, index) => `${index}:${file.name}` !== removed.uid));
        }}
      >
        <Button icon={<PaperClipOutlined />} disabled={disabled}>
          {buttonLabel ?? t('attachments.choose')}
        </Button>
        {hint && <span style={{ marginInlineStart: 12, color: 'rgba(0, 0, 0, 0.45)' }}>{hint}</span>}
      </Upload>
    </div>
  );
}
