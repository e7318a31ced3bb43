import type { ApproverRule } from '../../../../contracts/approvals.ts';
import type {
  CatalogItemDto,
  CreateCatalogItemInput,
  FieldType,
  FormField,
} from '../../../../contracts/catalog.ts';

/** The editor's form values: bilingual texts as two inputs, options one per line "value | 中文 | English". */
export type EditorField = {
  key: string;
  labelZh: string;
  labelEn: string;
  type: FieldType;
  required: boolean;
  options?: string;
  showIfKey?: string;
  showIfEquals?: string;
};
export type EditorValues = {
  nameZh: string;
  nameEn: string;
  descriptionZh?: string;
  descriptionEn?: string;
  parentId?: number | null;
  published: boolean;
  fields: EditorField[];
  approvalOn: boolean;
  approverIds?: number[];
  approverRules?: ApproverRule[];
  approvalMode?: 'all' | 'any' | 'sequence';
  tasks: { title: string; teamId: number }[];
  taskOrder: 'sequential' | 'parallel';
  slaPolicyId?: number | null;
  guide?: string;
  articleId?: number | null;
};

function parseOptions(text: string | undefined) {
  return (text ?? '')
    .split('\n')
    .map((line) => line.split('|').map((part) => part.trim()))
    .filter((parts) => parts[0])
    .map(([value = '', zh, en]) => ({ value, label: { 'zh-CN': zh || value, en: en || zh || value } }));
}

export function toItemInput(values: EditorValues): CreateCatalogItemInput {
  const form: FormField[] = (values.fields ?? []).map((field) => ({
    key: field.key.trim(),
    label: { 'zh-CN': field.labelZh.trim(), en: field.labelEn.trim() },
    type: field.type,
    required: field.required ?? false,
    ...(field.type === 'select' || field.type === 'multiselect'
      ? { options: parseOptions(field.options) }
      : {}),
    showIf: field.showIfKey ? { key: field.showIfKey, equals: (field.showIfEquals ?? '').trim() } : null,
  }));
  return {
    parentId: values.parentId ?? null,
    name: { 'zh-CN': values.nameZh.trim(), en: values.nameEn.trim() },
    description: { 'zh-CN': values.descriptionZh?.trim() ?? '', en: values.descriptionEn?.trim() ?? '' },
    form,
    approval:
      values.approvalOn && (values.approverIds?.length || values.approverRules?.length)
        ? {
            approverIds: values.approverIds ?? [],
            approverRules: values.approverRules ?? [],
            mode: values.approvalMode ?? 'any',
          }
        : null,
    tasks: values.tasks ?? [],
    taskOrder: values.taskOrder ?? 'sequential',
    slaPolicyId: values.slaPolicyId ?? null,
    guide: values.guide?.trim() ? values.guide.trim() : null,
    articleId: values.articleId ?? null,
    published: values.published ?? false,
  };
}

export function toEditorValues(item: CatalogItemDto | null): EditorValues {
  if (!item)
    return {
      nameZh: '',
      nameEn: '',
      published: true,
      fields: [],
      approvalOn: false,
      tasks: [],
      taskOrder: 'sequential',
    };
  return {
    nameZh: item.name['zh-CN'],
    nameEn: item.name.en,
    descriptionZh: item.description['zh-CN'],
    descriptionEn: item.description.en,
    parentId: item.parentId,
    published: item.published,
    fields: item.form.map((field) => ({
      key: field.key,
      labelZh: field.label['zh-CN'],
      labelEn: field.label.en,
      type: field.type,
      required: field.required,
      options: (field.options ?? [])
        .map((o) => `${o.value} | ${o.label['zh-CN']} | ${o.label.en}`)
        .join('\n'),
      showIfKey: field.showIf?.key,
      showIfEquals: field.showIf ? String(field.showIf.equals) : undefined,
    })),
    approvalOn: item.approval !== null,
    approverIds: item.approval?.approverIds,
    approverRules: item.approval?.approverRules ?? [],
    approvalMode: item.approval?.mode,
    tasks: item.tasks,
    taskOrder: item.taskOrder,
    slaPolicyId: item.slaPolicyId,
    guide: item.guide ?? '',
    articleId: item.articleId,
  };
}

/** The editor field a server error names (`form.2.showIf.key` → fields[2].showIfKey). */
export function editorFieldPath(field: string | undefined): (string | number)[] | null {
  if (!field) return null;
  const parts = field.split('.');
  if (parts[0] === 'form' && parts[1] !== undefined) {
    const index = Number(parts[1]);
    const rest = parts.slice(2).join('.');
    const name =
      rest === 'showIf.key'
        ? 'showIfKey'
        : rest === 'showIf.equals'
          ? 'showIfEquals'
          : rest.startsWith('options')
            ? 'options'
            : rest.startsWith('label')
              ? 'labelZh'
              : rest || 'key';
    return ['fields', index, name];
  }
  if (parts[0] === 'tasks' && parts[1] !== undefined) return ['tasks', Number(parts[1]), parts[2] ?? 'title'];
  if (parts[0] === 'approval') return ['approverIds'];
  if (parts[0] === 'name') return [parts[1] === 'en' ? 'nameEn' : 'nameZh'];
  if (['parentId', 'slaPolicyId', 'articleId', 'guide'].includes(parts[0] ?? '')) return [parts[0] ?? ''];
  return null;
}
