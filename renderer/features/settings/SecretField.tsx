// A key field that never shows the key: whether one is set (its last characters, masked), a
// password input to replace it, and a way to remove it. Empty input keeps the stored key.
import { useTranslation } from 'react-i18next';
import type { SecretState } from '../../../shared/api/index.js';

export function SecretField({
  id,
  label,
  state,
  value,
  onChange,
  disabled,
}: {
  id: string;
  label: string;
  state: SecretState;
  value: string;
  onChange: (v: string) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={id}
        type="password"
        autoComplete="off"
        spellCheck={false}
        value={value}
        disabled={disabled}
        placeholder={state.set ? t('settings.keyPlaceholder') : ''}
        onChange={(e) => onChange(e.target.value)}
      />
      <div className="field-help" data-secret-set={state.set ? 'true' : 'false'}>
        {state.set ? (state.masked ? t('settings.keySet', { masked: state.masked }) : t('settings.keySetHidden')) : t('settings.keyNotSet')}
      </div>
    </div>
  );
}

export function secretsNote(kind: string, available: boolean, t: (k: string) => string): string {
  if (!available) return t('settings.keysUnavailable');
  return kind === 'memory' ? t('settings.keysMemory') : t('settings.keysKeychain');
}
