export interface Tab {
  key: string;
  label: string;
  href: string;
}

/** A row of tabs that are links: each tab has an address, so a tab can be linked, reloaded and gone back to. */
export function Tabs({ tabs, current, testId = 'tabs' }: { tabs: Tab[]; current: string; testId?: string }) {
  return (
    <nav class="tabs" role="tablist" data-testid={testId}>
      {tabs.map((t) => (
        <a
          key={t.key}
          href={t.href}
          role="tab"
          aria-selected={t.key === current}
          class={t.key === current ? 'tab tab-current' : 'tab'}
          data-testid={`tab-${t.key}`}
        >
          {t.label}
        </a>
      ))}
    </nav>
  );
}
