/** A category tree node: `value` is the full path, `title` the last segment. */
export type CategoryNode = { key: string; value: string; title: string; children: CategoryNode[] };

/**
 * Builds the tree from paths alone, so that a path whose parents were never created on their
 * own (`软件/财务系统` without `软件`) still shows under its parent.
 */
export function buildCategoryTree(paths: readonly string[]): CategoryNode[] {
  const roots: CategoryNode[] = [];
  const byPath = new Map<string, CategoryNode>();
  for (const path of [...paths].sort((a, b) => a.localeCompare(b))) {
    const segments = path.split('/');
    let siblings = roots;
    segments.forEach((segment, index) => {
      const nodePath = segments.slice(0, index + 1).join('/');
      let node = byPath.get(nodePath);
      if (!node) {
        node = { key: nodePath, value: nodePath, title: segment, children: [] };
        byPath.set(nodePath, node);
        siblings.push(node);
      }
      siblings = node.children;
    });
  }
  return roots;
}

export const CATEGORY_PATH = /^[^/]+(\/[^/]+){0,4}$/;
