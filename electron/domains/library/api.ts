// The library's API group: materials, machines and tools, and the library as a JSON file.
import type { ApiGroup } from '../../../shared/api/index.js';
import type { Library } from './library.js';

export function libraryApi(library: Library): ApiGroup<'library'> {
  return {
    'library.materials': () => library.materials(),
    'library.machines': () => library.machines(),
    'library.tools': () => library.tools(),
    'library.upsertMaterial': (m) => library.upsertMaterial(m),
    'library.upsertMachine': (m) => library.upsertMachine(m),
    'library.upsertTool': (t) => library.upsertTool(t),
    'library.delete': ({ kind, id }) => ({ deleted: library.delete(kind, id) }),
    'library.export': () => library.exportJson(),
    'library.import': ({ data }) => library.importJson(data),
  };
}
