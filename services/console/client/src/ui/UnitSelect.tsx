import { Select, type SelectProps } from 'antd';
import { unitLabel, useUnits } from '../api/units';

/**
 * A unit picker over the units of the user's scope (`GET /api/units`), searchable by name or id.
 * A value the list does not hold (a unit not announced yet, a record from before a move) is still
 * shown, by its id.
 */
export function UnitSelect(props: Omit<SelectProps<string>, 'options' | 'showSearch' | 'loading'>) {
  const units = useUnits();
  const known = units.data ?? [];
  const value = props.value;
  const options = known.map((u) => ({ value: u.unitId, label: unitLabel(u) }));
  if (value && !known.some((u) => u.unitId === value)) options.push({ value, label: value });
  return (
    <Select<string>
      {...props}
      showSearch={{ optionFilterProp: 'label' }}
      loading={units.isFetching}
      options={options}
      popupMatchSelectWidth={false}
      // As wide as its longest option, never wider than the screen (a tablet): long options wrap.
      classNames={{ popup: { root: 'picker-popup' } }}
    />
  );
}
