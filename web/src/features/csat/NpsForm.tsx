import { Button, Flex, Input, Radio, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NpsAnswerInput } from '../../../../contracts/surveys.ts';

const SCORES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/** "Would you recommend our support to a colleague?" 0-10 and a reason (FB-2). */
export function NpsForm({
  question,
  pending,
  onSubmit,
}: {
  question: string | null;
  pending: boolean;
  onSubmit: (input: NpsAnswerInput) => void;
}) {
  const { t } = useTranslation();
  const [score, setScore] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  return (
    <Flex vertical gap={12} data-testid="nps-form">
      <Typography.Text strong>{question || t('feedback.nps.defaultQuestion')}</Typography.Text>
      <Radio.Group
        value={score}
        onChange={(e) => setScore(e.target.value as number)}
        optionType="button"
        buttonStyle="solid"
      >
        {SCORES.map((value) => (
          <Radio.Button key={value} value={value} data-testid={`nps-${value}`}>
            {value}
          </Radio.Button>
        ))}
      </Radio.Group>
      <Flex justify="space-between" style={{ maxWidth: 480 }}>
        <Typography.Text type="secondary">{t('feedback.nps.unlikely')}</Typography.Text>
        <Typography.Text type="secondary">{t('feedback.nps.likely')}</Typography.Text>
      </Flex>
      <Input.TextArea
        rows={3}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        placeholder={t('feedback.nps.reasonPlaceholder')}
      />
      <Button
        type="primary"
        disabled={score === null}
        loading={pending}
        onClick={() =>
          score !== null && onSubmit({ score, ...(reason.trim() ? { reason: reason.trim() } : {}) })
        }
        style={{ alignSelf: 'flex-start' }}
      >
        {t('feedback.nps.submit')}
      </Button>
    </Flex>
  );
}
