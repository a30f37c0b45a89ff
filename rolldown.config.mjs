/**
 * Bundles the compiled `vigil` command (dist/cli/main.js) into dist/bundle/: one chunk per
 * command, loaded only when that command runs, with Kysely inlined. Node spends most of a short
 * command's start-up resolving and compiling modules one file at a time (Kysely alone is 280
 * files, 140 ms); other packages stay external, loaded from node_modules as usual (native
 * addons and CommonJS packages must).
 */
export default {
  input: 'dist/cli/main.js',
  platform: 'node',
  external: (id) => !id.startsWith('.') && !id.startsWith('/') && !/^kysely(\/|$)/.test(id),
  output: { dir: 'dist/bundle', format: 'esm' },
  logLevel: 'warn',
};
