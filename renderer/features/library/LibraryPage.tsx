// Library: the shop's materials, machines and tools. Lists with an editor beside them; entries are
// validated with the shared schemas before they are sent, and the main process validates again.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { libraryName } from '../../../shared/i18n/library.js';
import type { Machine, Material, Tool } from '../../../shared/library.js';
import { api } from '../../lib/api.js';
import { ErrorBox } from '../../ui/common.js';
import { showError } from '../../lib/errors.js';
import {
  LIBRARY_FIELDS,
  blankEntry,
  fieldText,
  getPath,
  parseFieldText,
  setPath,
  validateEntry,
  type EntryIssue,
  type LibraryKind,
} from './libraryForm.js';
import { LIBRARY_TABS, routeHref, type LibraryTab } from '../../lib/routes.js';
import { useLang } from '../../lib/settings.js';
import { useAction, useQuery } from '../../lib/useQuery.js';
import { formatNumber } from '../../lib/units.js';

type Entry = Material | Machine | Tool;
const KIND: Record<LibraryTab, LibraryKind> = { materials: 'material', machines: 'machine', tools: 'tool' };
const LIST = { materials: 'library.materials', machines: 'library.machines', tools: 'library.tools' } as const;
const UPSERT = { material: 'library.upsertMaterial', machine: 'library.upsertMachine', tool: 'library.upsertTool' } as const;
const NEW_LABEL = { materials: 'library.newMaterial', machines: 'library.newMachine', tools: 'library.newTool' } as const;

export function LibraryPage({ tab }: { tab: LibraryTab }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [editing, setEditing] = useState<{ entry: Record<string, unknown>; isNew: boolean } | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const kind = KIND[tab];

  const list = useQuery(() => api().call(LIST[tab], {}) as Promise<Entry[]>, [tab]);
  // delete, export and import: one message slot, as the list's own error
  const action = useAction((fn: () => Promise<void>) => fn());
  // a list that failed to load reads as empty, with the error above it
  const items = list.error != null ? [] : list.data;
  const error = action.error ?? list.error;
  const load = () => {
    action.setError(null);
    list.reload();
  };

  useEffect(() => {
    setEditing(null);
    setNote(null);
    action.setError(null);
  }, [tab]);

  const remove = async (e: Entry) => {
    if (!window.confirm(t('library.confirmDelete', { name: entryName(e, lang) }))) return;
    await action.run(async () => {
      await api().call('library.delete', { kind, id: e.id });
      if (editing?.entry.id === e.id) setEditing(null);
      load();
    });
  };

  const exportJson = () =>
    action.run(async () => {
      const data = await api().call('library.export', {});
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = 'tezgah-library.json';
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    });

  const importJson = async (file: File) => {
    setNote(null);
    await action.run(async () => {
      const r = await api().call('library.import', { data: JSON.parse(await file.text()) });
      setNote(t('library.imported', { added: r.added, updated: r.updated }));
      load();
    });
  };

  return (
    <div className="page library">
      <header className="page-header">
        <h1>{t('library.title')}</h1>
        <span className="spacer" />
        <button type="button" className="btn" onClick={() => void exportJson()}>
          {t('library.export')}
        </button>
        <button type="button" className="btn" onClick={() => fileInput.current?.click()}>
          {t('library.import')}
        </button>
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          hidden
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void importJson(f);
            e.target.value = '';
          }}
        />
      </header>
      <nav className="tabs" aria-label={t('library.title')}>
        {LIBRARY_TABS.map((tb) => (
          <a
            key={tb}
            href={routeHref({ name: 'library', tab: tb })}
            className={`tab${tb === tab ? ' active' : ''}`}
            aria-current={tb === tab ? 'page' : undefined}
          >
            {t(`library.${tb}`)}
          </a>
        ))}
        <span className="spacer" />
        <button type="button" className="btn primary small" onClick={() => setEditing({ entry: blankEntry(kind), isNew: true })}>
          + {t(NEW_LABEL[tab])}
        </button>
      </nav>
      {note && (
        <p className="note" role="status">
          {note}
        </p>
      )}
      {error != null && (
        <ErrorBox error={showError(error, lang)} title={items?.length ? undefined : t('library.loadFailed')} onRetry={load} compact />
      )}
      <div className={`library-body${editing ? ' editing' : ''}`}>
        <div className="library-list">
          {items === null ? (
            <p className="muted">{t('common.loading')}</p>
          ) : items.length === 0 ? (
            <p className="empty-state">{t('library.empty')}</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  {columns(tab).map((c) => (
                    <th key={c} scope="col">
                      {t(`library.f.${c}`)}
                    </th>
                  ))}
                  <th scope="col">
                    <span className="visually-hidden">{t('jobs.colActions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((e) => (
                  <tr key={e.id} className={editing?.entry.id === e.id ? 'selected' : ''} data-entry={e.id}>
                    {columns(tab).map((c) => (
                      <td key={c} className={c === 'id' ? 'mono small' : ''}>
                        {cell(e, c, lang, t)}
                      </td>
                    ))}
                    <td>
                      <div className="row-actions">
                        <button
                          type="button"
                          className="btn small"
                          onClick={() => setEditing({ entry: structuredClone(e) as Record<string, unknown>, isNew: false })}
                        >
                          {t('common.edit')}
                        </button>
                        <button type="button" className="btn small danger" onClick={() => void remove(e)}>
                          {t('common.delete')}
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        {editing && (
          <EntryEditor
            key={`${tab}:${String(editing.entry.id)}:${editing.isNew}`}
            kind={kind}
            initial={editing.entry}
            isNew={editing.isNew}
            onClose={() => setEditing(null)}
            onSaved={() => {
              setEditing(null);
              load();
            }}
          />
        )}
      </div>
    </div>
  );
}

function columns(tab: LibraryTab): string[] {
  switch (tab) {
    case 'materials':
      return ['name', 'id', 'category', 'density', 'processes'];
    case 'machines':
      return ['name', 'id', 'controller', 'envelope', 'max_spindle_rpm', 'max_feed_mm_min'];
    case 'tools':
      return ['number', 'name', 'type', 'diameter_mm', 'flutes', 'material'];
  }
}

function entryName(e: Entry, lang: 'tr' | 'en'): string {
  if (typeof e.name !== 'string') return e.name[lang];
  return libraryName('controller' in e ? 'machine' : 'tool', { id: e.id, name: e.name }, lang);
}

function cell(e: Entry, c: string, lang: 'tr' | 'en', t: (k: string) => string): string {
  const n = (v: number) => formatNumber(v, lang, 2);
  const opt = (v: string) => t(`library.opt.${v}`);
  switch (c) {
    case 'name':
      return entryName(e, lang);
    case 'density':
      return n((e as Material).density_g_cm3);
    case 'processes':
      return (e as Material).processes.map(opt).join(', ');
    case 'category':
    case 'controller':
    case 'type':
    case 'material':
      return opt(String((e as Record<string, unknown>)[c]));
    case 'envelope': {
      const m = (e as Machine).envelope_mm;
      // for one render after the tab changes, the rows can still be the previous tab's
      if (!m) return '—';
      return `${n(m.x)} × ${n(m.y)} × ${n(m.z)}`;
    }
    default: {
      const v = (e as Record<string, unknown>)[c];
      return typeof v === 'number' ? n(v) : String(v ?? '—');
    }
  }
}

function EntryEditor({
  kind,
  initial,
  isNew,
  onClose,
  onSaved,
}: {
  kind: LibraryKind;
  initial: Record<string, unknown>;
  isNew: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const [entry, setEntry] = useState(initial);
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [json, setJson] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  const {
    run: send,
    busy: saving,
    error,
  } = useAction(
    async (value: unknown) => {
      await api().call(UPSERT[kind], value as never);
      onSaved();
    },
    { stayBusy: true },
  );
  const fields = LIBRARY_FIELDS[kind];

  // Validated on every change, shown once a save was tried (no red before the person is done).
  const check = useMemo((): { value: unknown; issues: EntryIssue[] } => {
    let value: unknown = entry;
    if (json !== null) {
      try {
        value = JSON.parse(json);
      } catch (err) {
        return { value: null, issues: [{ path: 'json', message: (err as Error).message }] };
      }
    }
    const r = validateEntry(kind, value, lang, { required: t('library.required'), idRule: t('library.idRule') });
    return r.ok ? { value: r.value, issues: [] } : { value: null, issues: r.issues };
  }, [entry, json, kind, lang, t]);
  const issues = tried ? check.issues : [];
  const issueFor = (path: string) => issues.find((i) => i.path === path || i.path.startsWith(`${path}.`));

  const save = async () => {
    setTried(true);
    if (!check.issues.length) await send(check.value);
  };

  const title = isNew
    ? t('library.newTitle')
    : t('library.editTitle', {
        name: typeof initial.name === 'string' ? initial.name : ((initial.name as Record<string, string>)?.[lang] ?? ''),
      });
  return (
    <form
      className="panel editor"
      aria-label={title}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div className="editor-head">
        <h2 className="panel-title">{title}</h2>
        <button type="button" className="btn small ghost" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
      <div className="editor-fields">
        {fields.map((f) => {
          const id = `lib-${f.path.replace(/\./g, '-')}`;
          const v = getPath(entry, f.path);
          const issue = issueFor(f.path);
          const disabled = f.path === 'id' && !isNew;
          const set = (value: unknown) => {
            setEntry((cur) => setPath(cur, f.path, value));
            setJson(null);
          };
          return (
            <div key={f.path} className={`field${issue ? ' invalid' : ''}${f.kind === 'multi' ? ' wide' : ''}`}>
              {f.kind === 'bool' ? (
                <label className="check">
                  <input id={id} type="checkbox" checked={!!v} onChange={(e) => set(e.target.checked)} /> {t(`library.f.${f.label}`)}
                </label>
              ) : f.kind === 'multi' ? (
                <fieldset className="checks">
                  <legend>{t(`library.f.${f.label}`)}</legend>
                  {f.options!.map((o) => {
                    const list = (v as string[] | undefined) ?? [];
                    return (
                      <label key={o} className="check">
                        <input
                          type="checkbox"
                          checked={list.includes(o)}
                          onChange={(e) => set(e.target.checked ? [...list, o] : list.filter((x) => x !== o))}
                        />{' '}
                        {t(`library.opt.${o}`)}
                      </label>
                    );
                  })}
                </fieldset>
              ) : (
                <>
                  <label htmlFor={id}>{t(`library.f.${f.label}`)}</label>
                  {f.kind === 'enum' ? (
                    <select id={id} value={String(v ?? '')} onChange={(e) => set(e.target.value)}>
                      {f.options!.map((o) => (
                        <option key={o} value={o}>
                          {t(`library.opt.${o}`)}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <input
                      id={id}
                      type="text"
                      inputMode={f.kind === 'number' ? 'decimal' : undefined}
                      disabled={disabled}
                      value={texts[f.path] ?? fieldText(f, v)}
                      aria-invalid={issue ? true : undefined}
                      aria-describedby={issue ? `${id}-err` : undefined}
                      onChange={(e) => {
                        setTexts((cur) => ({ ...cur, [f.path]: e.target.value }));
                        set(parseFieldText(f, e.target.value));
                      }}
                    />
                  )}
                </>
              )}
              {issue && (
                <span id={`${id}-err`} className="field-error" role="alert">
                  {issue.message}
                </span>
              )}
            </div>
          );
        })}
      </div>
      <details className="advanced">
        <summary>{t('library.advanced')}</summary>
        <textarea
          spellCheck={false}
          rows={12}
          value={json ?? JSON.stringify(entry, null, 2)}
          onChange={(e) => setJson(e.target.value)}
          aria-label={t('library.advanced')}
        />
        {issueFor('json') && <span className="field-error">{issueFor('json')!.message}</span>}
      </details>
      {issues.length > 0 && !issues.every((i) => fields.some((f) => i.path.startsWith(f.path))) && (
        <p className="field-error" role="alert">
          {t('library.invalid', { detail: issues.map((i) => `${i.path}: ${i.message}`).join('; ') })}
        </p>
      )}
      {error != null && <ErrorBox error={showError(error, lang)} compact />}
      <div className="form-actions">
        <button type="button" className="btn ghost" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn primary" disabled={saving}>
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}
