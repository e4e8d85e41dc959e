#!/usr/bin/env node
// The `tezgah` command: runs the TypeScript CLI through tsx's loader (no build step needed).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/hosts/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
