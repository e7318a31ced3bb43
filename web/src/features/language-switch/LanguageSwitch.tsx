import { App, Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../../contracts/common.ts';
import { changeLocale, currentLocale, isLocale } from '../../app/i18n.ts';
import { useMe, useUpdateMe } from '../../entities/user/api.ts';
import { errorText } from '../../shared/ui/errors.ts';

/** 中文 / English: remembered in this browser and, when signed in, on the user's profile. */
export function LanguageSwitch({
  size,
  onPick,
}: {
  size?: 'small' | 'middle' | 'large';
  /** Told of every choice (the sign-in page saves it on the profile once the person is known). */
  onPick?: (locale: Locale) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const updateMe = useUpdateMe();

  const onChange = (value: string) => {
    if (!isLocale(value)) return;
    void changeLocale(value);
    onPick?.(value);
    if (me.data && me.data.locale !== value) {
      updateMe.mutate({ locale: value }, { onError: (error) => message.warning(errorText(t, error)) });
    }
  };

  const options: { value: Locale; label: string }[] = [
    { value: 'zh-CN', label: t('lang.zh') },
    { value: 'en', label: t('lang.en') },
  ];
  return (
    <Segmented
      data-testid="lang-switch"
      aria-label={t('lang.label')}
      size={size}
      options={options}
      value={currentLocale()}
      onChange={onChange}
    />
  );
}
