import madge from 'madge';
import { expect, it } from 'vitest';

/**
 * No two modules may import each other, directly or around a loop, type-only imports included:
 * a cycle leaves no order in which both modules are ready, and hides which of them is the lower
 * layer (a component importing its controller's type ties the two together as much as a call).
 */
// Reading the whole tree takes a few seconds, and several times that on a loaded machine.
it('no module imports itself through others', { timeout: 60_000 }, async () => {
  const graph = await madge(['extension', 'server', 'shared', 'bench', 'scripts', 'test'], {
    fileExtensions: ['ts', 'tsx'],
    tsConfig: 'tsconfig.json',
    excludeRegExp: [/node_modules/, /\.output/, /\.wxt/],
    detectiveOptions: { ts: { skipTypeImports: false }, tsx: { skipTypeImports: false } },
  });
  // A relative import the graph could not follow would hide a cycle behind it (packages' own
  // subpaths such as `wxt/browser` are outside the project and cannot close a loop in it).
  expect(graph.warnings().skipped.filter((path) => path.startsWith('.'))).toEqual([]);
  expect(graph.circular()).toEqual([]);
});
