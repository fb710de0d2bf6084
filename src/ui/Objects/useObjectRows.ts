import { useMemo } from 'react';
import { keepObject } from '../../export/objectFilter';
import { objectColumn } from '../../measure/columns';
import type { ObjectRow } from '../../measure/regionprops';
import { useStudio } from '../../state/studio';

/** The measured objects that pass the filter, in the table's sort order (NaN last), and how many there are in all. */
export function useObjectRows(): { rows: ObjectRow[]; total: number } {
  const objects = useStudio((s) => s.objects);
  const filter = useStudio((s) => s.objectFilter);
  const sort = useStudio((s) => s.objectSort);
  return useMemo(() => {
    const all = objects?.rows ?? [];
    const col = objectColumn(sort.key) ?? objectColumn('label')!;
    const rows = all.filter((r) => keepObject(r, filter));
    const sign = sort.desc ? -1 : 1;
    rows.sort((a, b) => {
      const va = col.value(a), vb = col.value(b);
      if (Number.isNaN(va) || Number.isNaN(vb)) return Number.isNaN(va) ? (Number.isNaN(vb) ? 0 : 1) : -1;
      return sign * (va - vb) || a.label - b.label;
    });
    return { rows, total: all.length };
  }, [objects, filter, sort]);
}

/** Table text of a value: integers as they are, others to 4 significant digits, '—' when undefined. */
export function formatCell(v: number): string {
  if (!Number.isFinite(v)) return '—';
  if (Number.isInteger(v)) return String(v);
  return Number(v.toPrecision(4)).toString();
}
