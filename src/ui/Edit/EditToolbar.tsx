import { BRUSH_MAX, BRUSH_MIN, type EditTool } from '../../state/editSlice';
import { useStudio } from '../../state/studio';

const TOOLS: { tool: EditTool; name: string; key?: string; title: string }[] = [
  { tool: 'brush', name: 'Brush', key: 'B', title: 'Paint: extends the object you start on, or makes a new one (B)' },
  { tool: 'erase', name: 'Eraser', key: 'E', title: 'Erase a stroke (E)' },
  { tool: 'fill', name: 'Fill', title: 'Click a hole inside an object to fill it' },
  { tool: 'delete', name: 'Delete object', title: 'Click an object to delete it' },
  { tool: 'merge', name: 'Merge', title: 'Click two objects: the second joins the first' },
  { tool: 'split', name: 'Split', title: 'Drag a line across an object: each side becomes an object' },
  { tool: 'draw', name: 'Draw object', title: 'Drag around a new object (the path is closed and filled)' },
];

/** The tools (toggle buttons: pressing the active one goes back to panning), undo/redo and the brush size. */
export function EditToolbar({ disabled }: { disabled: boolean }) {
  const tool = useStudio((s) => s.editTool);
  const size = useStudio((s) => s.brushSize);
  const canUndo = useStudio((s) => !!s.edit && s.edit.runId === s.result?.runId && s.edit.undoSteps > 0);
  const canRedo = useStudio((s) => !!s.edit && s.edit.runId === s.result?.runId && s.edit.redoSteps > 0);
  const setTool = useStudio((s) => s.setEditTool);
  const setSize = useStudio((s) => s.setBrushSize);
  const undo = useStudio((s) => s.undo);
  const redo = useStudio((s) => s.redo);
  return (
    <>
      <div className="edit-tools" role="toolbar" aria-label="Edit tools">
        {TOOLS.map((t) => (
          <button key={t.tool} type="button" aria-pressed={tool === t.tool} disabled={disabled} title={t.title}
            aria-keyshortcuts={t.key} onClick={() => void setTool(tool === t.tool ? null : t.tool)}>
            {t.name}
          </button>
        ))}
      </div>
      <div className="row">
        <button type="button" onClick={() => void undo()} disabled={disabled || !canUndo} aria-keyshortcuts="Control+Z" title="Undo (Ctrl+Z)">Undo</button>
        <button type="button" onClick={() => void redo()} disabled={disabled || !canRedo} aria-keyshortcuts="Control+Shift+Z" title="Redo (Ctrl+Shift+Z)">Redo</button>
      </div>
      <label className="field">
        <span>Brush size <span className="mono" aria-hidden="true">{size} px</span></span>
        <input type="range" aria-label="Brush size" aria-keyshortcuts="[ ]" min={BRUSH_MIN} max={BRUSH_MAX} step={1} value={size}
          disabled={disabled} onChange={(e) => setSize(Number(e.target.value))} />
      </label>
    </>
  );
}
