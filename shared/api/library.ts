// The API contract's library methods. The shop's library: materials, machines and tools, exported and imported as one file.
import { z } from 'zod';
import { Machine, Material, Tool, type LibraryExport } from '../library.js';
import { Id, out } from './contract.js';

export const libraryMethods = {
  'library.materials': { input: z.object({}), output: out<Material[]>() },
  'library.machines': { input: z.object({}), output: out<Machine[]>() },
  'library.tools': { input: z.object({}), output: out<Tool[]>() },
  'library.upsertMaterial': { input: Material, output: out<Material>() },
  'library.upsertMachine': { input: Machine, output: out<Machine>() },
  'library.upsertTool': { input: Tool, output: out<Tool>() },
  'library.delete': { input: z.object({ kind: z.enum(['material', 'machine', 'tool']), id: Id }), output: out<{ deleted: boolean }>() },
  'library.export': { input: z.object({}), output: out<LibraryExport>() },
  'library.import': { input: z.object({ data: z.unknown() }), output: out<{ added: number; updated: number }>() },
} as const;
