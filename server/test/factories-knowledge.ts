import type { ArticleDto, CreateArticleInput } from '../../contracts/knowledge.ts';
import type { TestUser } from './factories.ts';
import type { TestContext } from './harness.ts';

export function articleInput(overrides: Partial<CreateArticleInput> = {}): CreateArticleInput {
  return {
    title: '打印机无法打印怎么办',
    problem: '办公室的 HP LaserJet 打印机显示脱机，打印任务一直排队。',
    cause: '打印后台处理程序 (Print Spooler) 服务停止。',
    solution: '1. 打开服务管理器\n2. 重启 Print Spooler 服务\n3. 重新发送打印任务',
    prevention: '保持驱动程序为最新版本。',
    language: 'zh-CN',
    category: '硬件/打印机',
    tags: ['打印机', 'spooler'],
    visibility: 'public',
    status: 'published',
    ...overrides,
  };
}

/** Writes an article through the API as `as` (a lead or admin may publish). */
export async function buildArticle(
  ctx: TestContext,
  as: TestUser,
  overrides: Partial<CreateArticleInput> = {},
): Promise<ArticleDto> {
  const response = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/kb/articles',
    headers: as.headers,
    payload: articleInput(overrides),
  });
  if (response.statusCode !== 201) throw new Error(`article not created: ${response.body}`);
  return response.json() as ArticleDto;
}
