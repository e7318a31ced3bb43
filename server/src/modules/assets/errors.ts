import type { ErrorEntry } from '../../platform/http/errors.ts';

/** The assets module's error codes (issue 14): status, and the message in both interface languages. */
export const assetErrors = {
  'asset.not_found': {
    status: 400,
    en: 'There is no asset with this id.',
    zh: '不存在此编号的配置项。',
  },
  'asset.missing': {
    status: 404,
    en: 'Asset not found.',
    zh: '配置项不存在。',
  },
  'asset.type_unknown': {
    status: 400,
    en: 'There is no asset type "{type}".',
    zh: '不存在配置项类型“{type}”。',
  },
  'asset.type_missing': {
    status: 404,
    en: 'Asset type not found.',
    zh: '配置项类型不存在。',
  },
  'asset.type_exists': {
    status: 409,
    en: 'An asset type with this key exists already.',
    zh: '已存在相同标识的配置项类型。',
  },
  'asset.field_unknown': {
    status: 400,
    en: 'The asset type has no field "{key}".',
    zh: '该配置项类型没有字段“{key}”。',
  },
  'asset.field_required': {
    status: 400,
    en: 'The field "{key}" is required for this asset type.',
    zh: '该类型的配置项必须填写字段“{key}”。',
  },
  'asset.field_not_text': {
    status: 400,
    en: 'The field "{key}" needs a text.',
    zh: '字段“{key}”应为文本。',
  },
  'asset.field_not_number': {
    status: 400,
    en: 'The field "{key}" needs a number.',
    zh: '字段“{key}”应为数字。',
  },
  'asset.field_not_date': {
    status: 400,
    en: 'The field "{key}" needs a date (YYYY-MM-DD).',
    zh: '字段“{key}”应为日期（YYYY-MM-DD）。',
  },
  'asset.field_not_option': {
    status: 400,
    en: 'The field "{key}" needs one of its options.',
    zh: '字段“{key}”的值必须是可选项之一。',
  },
  'asset.serial_taken': {
    status: 409,
    en: 'Another asset has this serial number.',
    zh: '已有其他配置项使用此序列号。',
  },
  'asset.owner_invalid': {
    status: 400,
    en: 'The owner must be an active user.',
    zh: '责任人必须是有效的用户。',
  },
  'asset.relation_self': {
    status: 400,
    en: 'An asset cannot be related to itself.',
    zh: '配置项不能与自身建立关系。',
  },
  'asset.relation_exists': {
    status: 409,
    en: 'These assets are related this way already.',
    zh: '这两个配置项之间已存在此关系。',
  },
  'asset.relation_cycle': {
    status: 409,
    en: 'This relation would make a cycle: the target already {kind} this asset, directly or through others.',
    zh: '此关系会形成循环：目标配置项已直接或间接地以“{kind}”关系指向本配置项。',
  },
  'asset.relation_missing': {
    status: 404,
    en: 'Relation not found.',
    zh: '关系不存在。',
  },
  'asset.part_missing': {
    status: 404,
    en: 'Spare part not found.',
    zh: '备件不存在。',
  },
  'asset.part_not_found': {
    status: 400,
    en: 'There is no spare part with this id.',
    zh: '不存在此编号的备件。',
  },
  'asset.part_exists': {
    status: 409,
    en: 'A spare part with this name exists already.',
    zh: '已存在同名备件。',
  },
  'asset.part_out_of_stock': {
    status: 409,
    en: 'No "{part}" is left in stock.',
    zh: '备件“{part}”库存不足。',
  },
  'asset.import_empty': {
    status: 400,
    en: 'The file has no data rows.',
    zh: '文件中没有数据行。',
  },
  'asset.import_column_missing': {
    status: 400,
    en: 'The header has no column "{column}".',
    zh: '表头缺少“{column}”列。',
  },
  'asset.import_column_unknown': {
    status: 400,
    en: 'The header has a column "{column}" that is neither a field nor a custom field.',
    zh: '表头中的“{column}”列既不是字段也不是自定义字段。',
  },
  'asset.import_too_large': {
    status: 413,
    en: 'An import holds at most {max} rows.',
    zh: '一次最多导入 {max} 行。',
  },
  'asset.import_invalid': {
    status: 400,
    en: '{count} errors in the file; nothing was imported. Run a dry run to see them.',
    zh: '文件中有 {count} 处错误，未导入任何数据。请先试运行查看错误。',
  },
} as const satisfies Record<string, ErrorEntry>;

type AssetErrors = typeof assetErrors;

declare module '../../platform/http/errors.ts' {
  interface ErrorCodes extends AssetErrors {}
}
