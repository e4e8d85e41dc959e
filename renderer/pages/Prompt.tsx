// Prompt (#/prompt): a part from a sentence. (Filled in below once the prompt flow lands.)
import { useTranslation } from 'react-i18next';

export function PromptPage({ id }: { id?: string }) {
  const { t } = useTranslation();
  return (
    <div className="page prompt" data-job={id ?? ''}>
      <header className="page-header">
        <h1>{t('prompt.title')}</h1>
      </header>
    </div>
  );
}
