// The formats Tezgah imports, and what their file names claim.
import { extname } from 'node:path';

export const IMPORT_FORMATS = ['step', 'iges', 'brep', 'stl', 'obj', 'fcstd'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

const EXTENSIONS: Record<string, ImportFormat> = {
  '.step': 'step',
  '.stp': 'step',
  '.p21': 'step',
  '.iges': 'iges',
  '.igs': 'iges',
  '.brep': 'brep',
  '.brp': 'brep',
  '.stl': 'stl',
  '.obj': 'obj',
  '.fcstd': 'fcstd',
};

/** Extension used for the copy in the job dir (FreeCAD's readers dispatch on it). */
export const SOURCE_EXTENSION: Record<ImportFormat, string> = {
  step: 'step',
  iges: 'iges',
  brep: 'brep',
  stl: 'stl',
  obj: 'obj',
  fcstd: 'FCStd',
};

export function formatFromName(name: string): ImportFormat | null {
  return EXTENSIONS[extname(name).toLowerCase()] ?? null;
}

/** File name stem, safe as an output file name and a label. */
export function stemOf(name: string): string {
  const base = name.replace(/^.*[\\/]/, '');
  const ext = extname(base);
  const stem = (ext ? base.slice(0, -ext.length) : base)
    .replace(/[^\p{L}\p{N}._ -]+/gu, '_')
    .trim()
    .slice(0, 80);
  return stem && stem !== '.' && stem !== '..' ? stem : 'part';
}
