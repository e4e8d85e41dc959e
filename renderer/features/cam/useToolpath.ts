// A succeeded CAM job's program for the toolpath view (cam.toolpath), and what the view derives
// from it once: the program's lines, the segments of each line, the lines with findings.
import { useMemo } from 'react';
import type { CamToolpath } from '../../../shared/api/index.js';
import { api } from '../../lib/api.js';
import { useQuery } from '../../lib/useQuery.js';
import { programLines, segmentsByLine } from '../../viewer/toolpath.js';

export interface LoadedToolpath {
  toolpath: CamToolpath;
  lines: string[];
  byLine: Map<number, number[]>;
  marks: Map<number, 'error' | 'warning'>;
}

export function useToolpath(id: string | null): { data: LoadedToolpath | null; error: unknown; retry: () => void } {
  const { data: toolpath, error, reload } = useQuery(id ? () => api().call('cam.toolpath', { id }) : null, [id]);

  const data = useMemo<LoadedToolpath | null>(() => {
    if (!toolpath) return null;
    const marks = new Map<number, 'error' | 'warning'>();
    for (const f of toolpath.verification.findings) if (marks.get(f.line) !== 'error') marks.set(f.line, f.severity);
    return { toolpath, lines: programLines(toolpath.gcode.text), byLine: segmentsByLine(toolpath.segments), marks };
  }, [toolpath]);

  return { data, error, retry: reload };
}
