// The analysed part coloured by a result: von Mises stress or displacement magnitude from the
// analysis's nodal CSV, sampled at the 3D preview's vertices, with a legend in real units. The same
// viewer picks faces for the form.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang, useUnits } from '../../lib/settings.js';
import { useQuery } from '../../lib/useQuery.js';
import { formatNumber, lengthUnit, toDisplayLength } from '../../lib/units.js';
import { colours, legendGradient, parseNodalCsv, rangeOf, refineTriangles, sampleAtVertices } from '../../viewer/field.js';
import type { FieldPainter } from '../../viewer/PartViewer.js';

export const FIELDS = ['none', 'von_mises_mpa', 'u_mm'] as const;
export type FieldName = (typeof FIELDS)[number];
/** a nodal table larger than this is not fetched for colours */
const MAX_CSV_BYTES = 64 << 20;

/** The colour map's state: the chosen field, the painter for the viewer and the legend's range. */
export function useFieldColours(csv: { href: string; size: number } | null, meshSizeMm: number | null) {
  const [field, setField] = useState<FieldName>('von_mises_mpa');
  const { data: table, error } = useQuery(
    csv && csv.size <= MAX_CSV_BYTES
      ? () =>
          fetch(csv.href, { credentials: 'same-origin' }).then(async (r) => {
            if (!r.ok) throw new Error(`HTTP ${r.status}`);
            return parseNodalCsv(await r.text());
          })
      : null,
    [csv?.href],
  );
  const values = table && field !== 'none' ? table.columns[field] : undefined;
  const range = useMemo(() => (values ? rangeOf(values) : null), [values]);
  const colorize = useMemo<FieldPainter | null>(
    () =>
      table && values && range
        ? (meshes) =>
            meshes.map((m) => {
              // the field varies between the analysis's nodes: half its element size across the surface
              const s = refineTriangles(m.positions, m.normals, m.index, (meshSizeMm ?? 2) / 2);
              return { ...s, colors: colours(sampleAtVertices(s.positions, table.xyz, values), range[0], range[1]) };
            })
        : null,
    [table, values, range, meshSizeMm],
  );
  return { field, setField, colorize, range, available: !!table, error };
}

export function FieldLegend({
  field,
  setField,
  range,
}: {
  field: FieldName;
  setField: (f: FieldName) => void;
  range: [number, number] | null;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const units = useUnits();
  const show = (v: number) =>
    field === 'u_mm'
      ? `${formatNumber(toDisplayLength(v, units), lang, units === 'inch' ? 5 : 4)} ${lengthUnit(units)}`
      : `${formatNumber(v, lang, 1)} MPa`;
  const ticks = range ? [0, 0.25, 0.5, 0.75, 1].map((f) => range[0] + (range[1] - range[0]) * f) : [];
  return (
    <div className="field-legend panel" data-field={field}>
      <div className="radio-row" role="radiogroup" aria-label={t('fem.colourBy')}>
        {FIELDS.map((f) => (
          <label key={f} className="check">
            <input type="radio" name="fem-field" value={f} checked={field === f} onChange={() => setField(f)} />
            {t(`fem.field.${f}`)}
          </label>
        ))}
      </div>
      {field !== 'none' && range && (
        <div className="legend" data-min={range[0]} data-max={range[1]}>
          <div className="legend-bar" style={{ backgroundImage: legendGradient() }} aria-hidden="true" />
          <div className="legend-ticks tabular small">
            {ticks.map((v, i) => (
              <span key={i}>{show(v)}</span>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}
