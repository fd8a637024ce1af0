/**
 * The popup's tabs (Room, Library, Playlists), keyboard-operable as the ARIA tabs pattern says:
 * arrow keys, Home and End move between tabs; only the selected tab is in the Tab order.
 * @module
 */
import { useRef } from 'preact/hooks';

export const POPUP_TABS = [
  { id: 'room', label: 'Room' },
  { id: 'library', label: 'Library' },
  { id: 'playlists', label: 'Playlists' },
] as const;
export type PopupTab = (typeof POPUP_TABS)[number]['id'];

export function tabId(tab: PopupTab): string {
  return `tab-${tab}`;
}
export function panelId(tab: PopupTab): string {
  return `panel-${tab}`;
}

/** The tab a key moves to from tab `index` of `count`, or null for keys that do not move. */
export function tabAfterKey(key: string, index: number, count: number): number | null {
  const last = count - 1;
  if (key === 'ArrowRight') return (index + 1) % count;
  if (key === 'ArrowLeft') return (index + last) % count;
  if (key === 'Home') return 0;
  if (key === 'End') return last;
  return null;
}

export function TabBar(props: { selected: PopupTab; onSelect: (tab: PopupTab) => void }) {
  const buttons = useRef<Array<HTMLButtonElement | null>>([]);
  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const next = tabAfterKey(event.key, index, POPUP_TABS.length);
    if (next === null) return;
    event.preventDefault();
    props.onSelect(POPUP_TABS[next]!.id);
    buttons.current[next]?.focus();
  };
  return (
    <div role="tablist" aria-label="We Watch" class="tab-bar">
      {POPUP_TABS.map((tab, index) => (
        <button
          key={tab.id}
          ref={(el) => {
            buttons.current[index] = el;
          }}
          type="button"
          role="tab"
          id={tabId(tab.id)}
          aria-controls={panelId(tab.id)}
          aria-selected={props.selected === tab.id}
          tabIndex={props.selected === tab.id ? 0 : -1}
          onClick={() => props.onSelect(tab.id)}
          onKeyDown={(e) => onKeyDown(e, index)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
