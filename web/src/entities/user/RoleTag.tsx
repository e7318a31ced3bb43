import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../../contracts/identity.ts';

const colors: Record<Role, string> = {
  requester: 'default',
  agent: 'blue',
  lead: 'geekblue',
  quality: 'purple',
  admin: 'volcano',
};

export function RoleTag({ role }: { role: Role }) {
  const { t } = useTranslation();
  return <Tag color={colors[role]}>{t(`role.${role}`)}</Tag>;
}
