// The batch API group: a sheet checked, started, followed, waited for and cancelled. Artefacts get
// the host's address (the CLI: the file in the store).
import type { ApiGroup, BatchStatus } from '../../../shared/api/index.js';
import type { ArtefactInfo } from '../../../shared/jobs.js';
import type { BatchService } from './service.js';
import { summaryCsv, summaryDoc } from './summary.js';

export function batchApi(d: { batches: BatchService; hrefFor: (a: ArtefactInfo) => string }): ApiGroup<'batch'> {
  const withHrefs = (s: BatchStatus): BatchStatus => ({
    ...s,
    rows: s.rows.map((r) => ({ ...r, artefacts: r.artefacts.map((a) => ({ ...a, href: d.hrefFor(a) })) })),
  });
  return {
    'batch.validate': ({ template, csv }) => d.batches.validate(template, csv),
    'batch.start': ({ template, csv, concurrency }) =>
      withHrefs(d.batches.start({ template, csv, ...(concurrency ? { concurrency } : {}) })),
    'batch.get': ({ id }) => withHrefs(d.batches.get(id)),
    'batch.wait': async ({ id }) => withHrefs(await d.batches.wait(id)),
    'batch.cancel': ({ id }) => withHrefs(d.batches.cancel(id)),
    'batch.summary': ({ id }) => {
      const s = withHrefs(d.batches.get(id));
      return {
        name: `batch-${s.template}-${s.started_at.slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}.csv`,
        csv: summaryCsv(summaryDoc(s)),
      };
    },
  };
}
