import { Button, Flex, Form, Input, Rate, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CsatAnswerInput } from '../../../../contracts/surveys.ts';

// The overall dimension is the overall rating itself: asked once, not twice (总体评分 and 总体评价).
const DIMENSIONS = ['speed', 'attitude', 'effectiveness'] as const;
type Values = {
  score: number;
  speed: number;
  attitude: number;
  effectiveness: number;
  comment?: string;
};

/** A 1-5 overall rating, the speed, attitude and effectiveness dimensions and a comment (FB-1); used in the portal and on the emailed link. */
export function CsatForm({
  onSubmit,
  pending,
}: {
  onSubmit: (input: CsatAnswerInput) => void;
  pending: boolean;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const required = [{ required: true, message: t('feedback.resolve.required') }];
  const finish = (v: Values) =>
    onSubmit({
      score: v.score,
      dimensions: {
        speed: v.speed,
        attitude: v.attitude,
        effectiveness: v.effectiveness,
        overall: v.score,
      },
      ...(v.comment?.trim() ? { comment: v.comment.trim() } : {}),
    });
  return (
    <Form form={form} layout="vertical" onFinish={finish} data-testid="csat-form">
      <Typography.Paragraph>{t('feedback.csat.prompt')}</Typography.Paragraph>
      <Form.Item name="score" label={t('feedback.csat.score')} rules={required}>
        <Rate data-testid="csat-score" style={{ fontSize: 28 }} />
      </Form.Item>
      <Flex wrap gap={24}>
        {DIMENSIONS.map((d) => (
          <Form.Item key={d} name={d} label={t(`feedback.csat.${d}`)} rules={required}>
            <Rate data-testid={`csat-${d}`} />
          </Form.Item>
        ))}
      </Flex>
      <Form.Item name="comment" label={t('feedback.csat.comment')}>
        <Input.TextArea rows={3} maxLength={5000} data-testid="csat-comment" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={pending} data-testid="csat-submit">
        {t('feedback.csat.submit')}
      </Button>
    </Form>
  );
}
