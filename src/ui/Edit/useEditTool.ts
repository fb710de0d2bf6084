import { useMemo } from 'react';
import type { EditPointer, GestureKind } from '../../hooks/useEditPointer';
import type { EditTool } from '../../state/editSlice';
import { useStudio } from '../../state/studio';

const KIND: Record<EditTool, GestureKind> = {
  brush: 'stroke', erase: 'stroke', split: 'stroke', draw: 'path', fill: 'click', delete: 'click', merge: 'click',
};

/** The main viewer's pointer tool: the chosen edit tool on the current result, or null (drag pans). */
export function useEditTool(): (EditPointer & { strokeWidth: number }) | null {
  const tool = useStudio((s) => (s.result && s.runStatus !== 'running' ? s.editTool : null));
  const size = useStudio((s) => s.brushSize);
  const applyGesture = useStudio((s) => s.applyGesture);
  return useMemo(() => (tool ? {
    kind: KIND[tool],
    strokeWidth: tool === 'brush' || tool === 'erase' ? size : 1,
    onGesture: (points: number[]) => void applyGesture(points),
  } : null), [tool, size, applyGesture]);
}
