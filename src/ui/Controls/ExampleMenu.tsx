import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useStudio } from '../../state/studio';

/** Arrow keys move between menu items (WAI-ARIA menu pattern, without wrapping libraries). */
function moveFocus(e: KeyboardEvent<HTMLUListElement>) {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  e.preventDefault();
  const items = Array.from(e.currentTarget.querySelectorAll<HTMLButtonElement>('[role="menuitem"]'));
  const i = items.indexOf(document.activeElement as HTMLButtonElement);
  items[(i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
}

/** A small menu button listing the generated example images. */
export function ExampleMenu() {
  const examples = useStudio((s) => s.examples);
  const openExample = useStudio((s) => s.openExample);
  const loading = useStudio((s) => s.imageLoading);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    root.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);
  return (
    <div className="menu-root" ref={root}>
      <button type="button" aria-haspopup="menu" aria-expanded={open} disabled={loading || examples.length === 0}
        title={examples.length ? undefined : 'No generated examples available'} onClick={() => setOpen(!open)}>
        Open example ▾
      </button>
      {open && (
        <ul role="menu" className="menu" aria-label="Examples" onKeyDown={moveFocus}>
          {examples.map((ex) => (
            <li key={ex.id} role="none">
              <button type="button" role="menuitem" onClick={() => { setOpen(false); void openExample(ex.id); }}>
                {ex.name}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
