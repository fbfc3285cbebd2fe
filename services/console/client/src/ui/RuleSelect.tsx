import { Select, type SelectProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { admin } from '../i18n/admin';

/** The rules of the catalogue, in its order (RULES.md; the rule book page names them the same way). */
const RULES = Object.keys(admin.vi.rules.names);

/** A rule picker: the rules by name in the user's language, searchable by name or id. */
export function RuleSelect(props: Omit<SelectProps<string>, 'options' | 'showSearch'>) {
  const { t } = useTranslation('admin');
  return (
    <Select<string>
      {...props}
      showSearch={{ optionFilterProp: 'label' }}
      popupMatchSelectWidth={false}
      // As wide as its longest option, never wider than the screen (a tablet): long options wrap.
      classNames={{ popup: { root: 'picker-popup' } }}
      options={RULES.map((ruleId) => ({ value: ruleId, label: `${t(`rules.names.${ruleId}`)} (${ruleId})` }))}
    />
  );
}
