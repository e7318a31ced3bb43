import { Collapse, type CollapseProps } from 'antd';
import { useState } from 'react';

export type SidePanelSection = {
  key: string;
  label: string;
  children: React.ReactNode;
  /** Open the first time the agent sees the panel; afterwards their own choice is kept. */
  open?: boolean;
};

const STORAGE_KEY = 'servicedesk.ticketPanel.open';

function remembered(): string[] | null {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    return Array.isArray(value) ? value.filter((key): key is string => typeof key === 'string') : null;
  } catch {
    return null;
  }
}

/** The side panel's folding sections; which are open is remembered in this browser. */
export function SidePanelSections({ sections }: { sections: SidePanelSection[] }) {
  const [open, setOpen] = useState<string[]>(
    () => remembered() ?? sections.filter((section) => section.open).map((section) => section.key),
  );
  const change = (keys: string | string[]) => {
    const next = Array.isArray(keys) ? keys : [keys];
    setOpen(next);
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    } catch {
      // Remembering is a convenience.
    }
  };
  const items: CollapseProps['items'] = sections.map((section) => ({
    key: section.key,
    label: (
      <span data-testid={`section-${section.key}`} data-open={open.includes(section.key)}>
        {section.label}
      </span>
    ),
    children: section.children,
    styles: { body: { padding: 8 } },
  }));
  return (
    <Collapse size="small" activeKey={open} onChange={change} items={items} data-testid="side-sections" />
  );
}
