// The assets module's public surface (issue 14: assets / configuration items, 配置项). Read models
// it publishes for joins other modules must make in one SQL statement (docs/read-models.md;
// declared in db/schema/assets.ts): assets_v, asset_tickets_v, asset_relations_v.
export { assetRoutes } from './assets.routes.ts';
export { createAsset } from './create-asset.ts';
export { getAsset } from './get-asset.ts';
export { assertAssetIds, assetCriticalities, openIncidentCounts, relatedAssetIds } from './graph.ts';
export { recordReplacement } from './replacements.ts';
export { setTicketAssets, ticketAssetPort } from './ticket-links.ts';
export { updateAsset } from './update-asset.ts';
