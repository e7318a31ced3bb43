import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from './errors.ts';

type Props = { error: unknown; style?: React.CSSProperties };

/** A failed request, in words; renders nothing when there is no error. */
export function ErrorAlert({ error, style }: Props) {
  const { t } = useTranslation();
  if (!error) return null;
  return <Alert type="error" showIcon title={errorText(t, error)} style={style} data-testid="error-alert" />;
}
