import { Select, type SelectProps } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { data, inspection } from '../api/client';

/**
 * The inspectors of the supervisor's units, with the open inspections each holds against the cap
 * (`GET /api/team`, the same answer the team page shows): whom to give work to, searchable by name
 * or user name. Whether the service accepts one for a given finding (its unit, a conflict of
 * interest) is still the service's to say.
 */
export function InspectorSelect(props: Omit<SelectProps<string>, 'options' | 'showSearch' | 'loading'>) {
  const { t } = useTranslation('supervisor');
  const team = useQuery({ queryKey: ['team'], queryFn: async () => data(await inspection.GET('/api/team')) });
  const cap = team.data?.cap ?? 0;
  const options = (team.data?.inspectors ?? []).map((i) => ({
    value: i.username,
    label: `${i.name ?? i.username} (${i.username}) · ${t('inspectorLoad', { open: i.open, cap })}`,
  }));
  return (
    <Select<string>
      {...props}
      showSearch={{ optionFilterProp: 'label' }}
      loading={team.isFetching}
      options={options}
      popupMatchSelectWidth={false}
      // As wide as its longest option, never wider than the screen (a tablet): long options wrap.
      classNames={{ popup: { root: 'picker-popup' } }}
    />
  );
}
