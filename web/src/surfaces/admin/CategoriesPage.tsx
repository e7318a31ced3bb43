import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Form, Input, Space, Tree, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useCategories, useCreateCategory } from '../../entities/category/api.ts';
import { buildCategoryTree, CATEGORY_PATH } from '../../entities/category/tree.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { markFieldError } from '../../shared/ui/errors.ts';

/** The category tree; a new category is added by its full path, parents included. */
export default function CategoriesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ path: string }>();
  const categories = useCategories();
  const create = useCreateCategory();
  const tree = useMemo(
    () => buildCategoryTree((categories.data ?? []).map((c) => c.path)),
    [categories.data],
  );

  const onFinish = ({ path }: { path: string }) => {
    const clean = path
      .split('/')
      .map((segment) => segment.trim())
      .join('/');
    create.mutate(clean, {
      onSuccess: () => {
        form.resetFields();
        message.success(t('admin.categories.added', { path: clean }));
      },
      onError: (error) => markFieldError(form, t, error, ['path']),
    });
  };

  return (
    <Card title={t('admin.menu.categories')}>
      <Form form={form} layout="inline" onFinish={onFinish} style={{ marginBottom: 16 }}>
        <Form.Item
          name="path"
          rules={[
            { required: true, whitespace: true, message: t('admin.categories.pathRequired') },
            { pattern: CATEGORY_PATH, message: t('ticketForm.categoryInvalid') },
          ]}
          style={{ minWidth: 320 }}
        >
          <Input placeholder={t('admin.categories.pathPlaceholder')} data-testid="category-path" />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          icon={<PlusOutlined />}
          loading={create.isPending}
          data-testid="category-add"
        >
          {t('admin.categories.add')}
        </Button>
      </Form>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('admin.categories.hint')}</Typography.Text>
        <ErrorAlert error={categories.error ?? create.error} />
        {tree.length === 0 && !categories.isPending ? (
          <Empty description={t('admin.categories.empty')} />
        ) : (
          <Tree
            treeData={tree}
            defaultExpandAll
            key={tree.length}
            onSelect={(keys) => {
              const key = keys[0];
              if (typeof key === 'string') form.setFieldsValue({ path: `${key}/` });
            }}
            data-testid="category-tree"
          />
        )}
      </Space>
    </Card>
  );
}
