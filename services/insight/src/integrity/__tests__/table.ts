import type { FoldedPartition } from '../../counters/folded-partition';
import type { IntegrityCell } from '../cells';
import { IntegrityTable, integrityFigures, type IntegrityFigures } from '../figures';

/** Every cell a partition holds. */
export function cellsOf<R, E>(p: FoldedPartition<R, E, IntegrityCell>): IntegrityCell[] {
  return p
    .monthKeys()
    .flatMap((k) => p.cellsOf(k))
    .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

/** The figures of a period from some partitions' cells, with a fixed number of active cases per period. */
export function figuresOf(
  cells: readonly IntegrityCell[],
  from: string,
  to: string,
  activeCases: number | ((p: { from: string; to: string }) => number) = 100,
  unitIds: readonly string[] = ['U-1'],
): IntegrityFigures {
  const active = typeof activeCases === 'number' ? () => activeCases : activeCases;
  return integrityFigures(new IntegrityTable(cells, unitIds), { from, to }, active);
}
