import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { meKey } from '../entities/user/api.ts';
import { isApiError } from '../shared/api/client.ts';

/** A 401 from anything but GET /me means the session ended: forget the user, the guard sends them to sign in. */
function onUnauthorized(error: unknown, key?: readonly unknown[]) {
  if (isApiError(error) && error.status === 401 && key?.[0] !== meKey[0]) {
    queryClient.setQueryData(meKey, null);
  }
}

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (error, query) => onUnauthorized(error, query.queryKey) }),
  mutationCache: new MutationCache({ onError: (error) => onUnauthorized(error) }),
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      refetchOnWindowFocus: false,
      retry: (count, error) => count < 2 && !(isApiError(error) && error.status >= 400 && error.status < 500),
    },
  },
});

/**
 * The number input's step buttons carry English labels that Ant Design's locale does not cover
 * ("Increase Value"): they are put into the interface language as they appear.
 */
function useStepButtonLabels(): void {
  const { t, i18n } = useTranslation();
  useEffect(() => {
    const words: Record<string, string> = {
      'Increase Value': t('shell.antd.increase'),
      'Decrease Value': t('shell.antd.decrease'),
      [t('shell.antd.increase', { lng: i18n.language === 'en' ? 'zh-CN' : 'en' })]: t('shell.antd.increase'),
      [t('shell.antd.decrease', { lng: i18n.language === 'en' ? 'zh-CN' : 'en' })]: t('shell.antd.decrease'),
    };
    const relabel = (root: ParentNode) => {
      for (const element of root.querySelectorAll<HTMLElement>(
        '.ant-input-number [role="button"][aria-label]',
      )) {
        const label = element.getAttribute('aria-label') ?? '';
        const localized = words[label];
        if (localized && localized !== label) element.setAttribute('aria-label', localized);
      }
    };
    relabel(document);
    const observer = new MutationObserver(() => relabel(document));
    observer.observe(document.body, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [t, i18n.language]);
}

function LocalizedAntd({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  useStepButtonLabels();
  return (
    <ConfigProvider
      locale={i18n.language === 'en' ? enUS : zhCN}
      theme={{ token: { colorPrimary: '#1f6feb' } }}
      // "保存", not "保 存": button text reads (and is found by tests) as it is written.
      button={{ autoInsertSpace: false }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function Providers({ children }: { children: ReactNode }) {
  return (
    <QueryClientProvider client={queryClient}>
      <LocalizedAntd>{children}</LocalizedAntd>
    </QueryClientProvider>
  );
}
