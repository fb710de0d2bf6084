import { useEffect } from 'react';
import { activeEdit } from '../state/editSlice';
import { studio } from '../state/studio';

/**
 * Keys of the Edit toolbar, page-wide while a result is shown: B brush, E eraser, [ and ] brush size,
 * Ctrl+Z undo, Ctrl+Shift+Z (or Ctrl+Y) redo, Escape back to panning. Ignored while typing in a field.
 */
export function useEditKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(t.tagName)) && (t as HTMLInputElement).type !== 'range') return;
      const s = studio.getState();
      if (!s.result) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === 'z') {
        e.preventDefault();
        if (activeEdit(s)) void (e.shiftKey ? s.redo() : s.undo());
      } else if (mod && key === 'y') {
        e.preventDefault();
        if (activeEdit(s)) void s.redo();
      } else if (mod || e.altKey) return;
      else if (key === 'b') void s.setEditTool('brush');
      else if (key === 'e') void s.setEditTool('erase');
      else if (e.key === '[') s.setBrushSize(s.brushSize - (s.brushSize > 8 ? 4 : 1));
      else if (e.key === ']') s.setBrushSize(s.brushSize + (s.brushSize >= 8 ? 4 : 1));
      else if (e.key === 'Escape' && s.editTool) void s.setEditTool(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
