import { Button, Flex, Input, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImPlatform } from '../../../../contracts/channels.ts';
import { useImContacts, useLinkImContact, useUnlinkImContact } from '../../entities/channel/api.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';

const PLATFORMS: readonly ImPlatform[] = ['wecom', 'dingtalk', 'feishu', 'slack'];

/** A person's IM platform user ids: messages from them to a bot are filed under this person. */
export function UserImAccounts({ userId }: { userId: number }) {
  const { t } = useTranslation();
  const contacts = useImContacts({ userId });
  const link = useLinkImContact();
  const unlink = useUnlinkImContact();
  const [platform, setPlatform] = useState<ImPlatform>('wecom');
  const [externalUserId, setExternalUserId] = useState('');
  const add = () =>
    link.mutate(
      { platform, externalUserId: externalUserId.trim(), userId },
      { onSuccess: () => setExternalUserId('') },
    );
  return (
    <Flex vertical gap={8} data-testid="user-im-accounts">
      <Typography.Text strong>{t('imCallbacks.imAccounts')}</Typography.Text>
      <ErrorAlert error={link.error ?? unlink.error} />
      <Space wrap size={4}>
        {(contacts.data ?? []).map((c) => (
          <Tag
            key={c.id}
            closable
            onClose={(event) => {
              event.preventDefault();
              unlink.mutate(c.id);
            }}
          >
            {t(`channelsAdmin.platforms.${c.platform}`)}: {c.externalUserId}
          </Tag>
        ))}
        {contacts.data?.length === 0 ? <Typography.Text type="secondary">—</Typography.Text> : null}
      </Space>
      <Space.Compact style={{ width: '100%' }}>
        <Select
          value={platform}
          onChange={setPlatform}
          style={{ width: 130 }}
          options={PLATFORMS.map((p) => ({ value: p, label: t(`channelsAdmin.platforms.${p}`) }))}
        />
        <Input
          value={externalUserId}
          onChange={(event) => setExternalUserId(event.target.value)}
          placeholder={t('imCallbacks.externalUserId')}
          maxLength={200}
          onPressEnter={(event) => {
            event.preventDefault();
            if (externalUserId.trim()) add();
          }}
        />
        <Button onClick={add} disabled={!externalUserId.trim()} loading={link.isPending}>
          {t('imCallbacks.addAccount')}
        </Button>
      </Space.Compact>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('imCallbacks.externalUserIdHint')}
      </Typography.Text>
    </Flex>
  );
}
