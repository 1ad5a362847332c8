/** A facet filter of the library (tag or category): "All", then each value with its count. */
import { t } from '../i18n';

export function FilterSelect(props: {
  label: string;
  value: string | undefined;
  /** `label` defaults to the value. */
  options: { value: string; label?: string; count: number }[] | undefined;
  onChange: (value: string | undefined) => void;
}) {
  return (
    <label>
      {props.label}{' '}
      <select value={props.value ?? ''} onChange={(e) => props.onChange(e.currentTarget.value || undefined)}>
        <option value="">{t('libraryAll')}</option>
        {props.options?.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label ?? o.value} ({o.count})
          </option>
        ))}
      </select>
    </label>
  );
}
