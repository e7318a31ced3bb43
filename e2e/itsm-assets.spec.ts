import { expect } from '@playwright/test';
import { adminApi, createPerson, pickOption, signIn, test } from './support.ts';

/** The words the journey reads, in each interface language (the agent's own). */
const WORDS = {
  'zh-CN': {
    impact: '单人或单台设备',
    urgency: '高',
    noAssets: '未关联配置项',
    recorded: '备件更换已记录',
    timeline: '处理记录',
    linked: (name: string) => `王磊 关联了配置项 ${name}`,
    replaced: (name: string, part: string) => `为 ${name} 更换了备件：${part}`,
    oldSerial: '旧件序列号: BAT-OLD-0001',
    newSerial: '新件序列号: BAT-NEW-0002',
  },
  en: {
    impact: 'One person or device',
    urgency: 'High',
    noAssets: 'No linked assets',
    recorded: 'Replacement recorded',
    timeline: 'Timeline',
    linked: (name: string) => `王磊 linked the asset ${name}`,
    replaced: (name: string, part: string) => `replaced a part of ${name}: ${part}`,
    oldSerial: 'Old serial number: BAT-OLD-0001',
    newSerial: 'New serial number: BAT-NEW-0002',
  },
} as const;

/**
 * Assets (issue 14), in zh-CN and in English: an agent opens a hardware ticket for a caller, links the caller's
 * laptop on the ticket page, records a spare-part replacement (备件更换) from the ticket with a
 * battery taken from stock, and sees it in the laptop's replacement history on the Assets page.
 */
for (const locale of ['zh-CN', 'en'] as const) {
  test(`${locale}: an agent links a laptop to a hardware ticket, records a battery replacement, and sees it in the asset history`, async ({
    page,
  }) => {
    const words = WORDS[locale];
    const api = await adminApi();
    const agent = await createPerson(api, 'agent', '桌面运维 王磊', { locale });
    const requester = await createPerson(api, 'requester', '市场部 李娜');
    const tag = Date.now().toString(36).toUpperCase();
    const serial = `PF-${tag}`;
    const laptop = await api.post('/api/v1/assets', {
      data: {
        name: `李娜的笔记本 ${tag}`,
        type: 'device',
        serialNumber: serial,
        ownerId: requester.id,
        location: '上海 12F',
        criticality: 'medium',
        customFields: { model: 'ThinkPad T14 Gen 4' },
      },
    });
    expect(laptop.status(), await laptop.text()).toBe(201);
    const laptopId = ((await laptop.json()) as { id: number }).id;
    const battery = `T14 电池 ${tag}`;
    const stock = await api.post('/api/v1/asset-parts', { data: { name: battery, quantity: 2 } });
    expect(stock.status(), await stock.text()).toBe(201);
    const partId = ((await stock.json()) as { id: number }).id;

    // 1. The agent logs the call as a hardware incident.
    await signIn(page, agent);
    await page.goto('/agent/phone');
    await pickOption(page, page.getByTestId('requester-picker'), requester.email, {
      search: '李娜',
      chosen: () => expect(page.getByTestId('requester-picker')).toContainText('李娜', { timeout: 2_000 }),
    });
    const subject = `笔记本电池鼓包，无法开机 ${tag}`;
    await page.getByTestId('tf-subject').fill(subject);
    await page.getByTestId('tf-description').fill('电池明显鼓起，触控板被顶起，插电也无法开机。');
    await page.getByTestId('tf-impact').getByText(words.impact).click();
    await page.getByTestId('tf-urgency').getByText(words.urgency, { exact: true }).click();
    await page.getByTestId('tf-submit').click();
    await page.getByTestId('ticket-created-link').click();
    await expect(page.getByText(subject).first()).toBeVisible();

    // 2. On the ticket page, the agent links the laptop (found by its serial number).
    const card = page.getByTestId('ticket-assets-card');
    await expect(card).toContainText(words.noAssets);
    await pickOption(page, card.getByTestId('ticket-asset-picker'), serial, {
      search: serial,
      chosen: () => expect(card.getByTestId('ticket-asset-link')).toBeEnabled({ timeout: 2_000 }),
    });
    await card.getByTestId('ticket-asset-link').click();
    await expect(card.getByTestId(`ticket-asset-${laptopId}`)).toHaveText(`李娜的笔记本 ${tag}`);

    // 3. The agent records the battery replacement from the ticket, taking one from stock.
    await card.getByTestId('replacement-open').click();
    const dialog = page.getByRole('dialog');
    await pickOption(page, dialog.getByTestId('replacement-stock'), battery, {
      chosen: () => expect(dialog.getByTestId('replacement-part')).toHaveValue(battery, { timeout: 2_000 }),
    });
    await dialog.getByTestId('replacement-old-serial').fill('BAT-OLD-0001');
    await dialog.getByTestId('replacement-new-serial').fill('BAT-NEW-0002');
    await dialog.getByTestId('replacement-save').click();
    await expect(page.getByText(words.recorded)).toBeVisible();

    // The ticket's timeline says so, in Chinese.
    await page.getByRole('tab', { name: words.timeline }).click();
    await expect(page.getByText(words.linked(`李娜的笔记本 ${tag}`)).first()).toBeVisible();
    await expect(page.getByText(words.replaced(`李娜的笔记本 ${tag}`, battery)).first()).toBeVisible();

    // 4. The laptop's page shows the replacement in its history, with the ticket.
    await card.getByTestId(`ticket-asset-${laptopId}`).click();
    await expect(page).toHaveURL(new RegExp(`/agent/assets\\?id=${laptopId}`));
    const detail = page.getByTestId('asset-detail');
    const history = detail.getByTestId('asset-replacements');
    await expect(history).toContainText(battery);
    await expect(history).toContainText(words.oldSerial);
    await expect(history).toContainText(words.newSerial);
    await expect(detail.getByTestId('asset-tickets')).toContainText(subject);

    // The stock went down by one.
    const parts = (await (await api.get('/api/v1/asset-parts')).json()) as {
      items: { id: number; quantity: number }[];
    };
    expect(parts.items.find((p) => p.id === partId)?.quantity).toBe(1);
  });
}
