// Fails when the module folders of src/ (src/<name>/) import each other in a cycle. dependency-cruiser resolves
// every import (type-only ones too) and collapses the graph to one node per folder; this walks that graph.
import { cruise } from 'dependency-cruiser';

const FOLDER = /^src\/[^/]+$/;
const result = await cruise(['src'], {
  tsConfig: { fileName: 'tsconfig.json' },
  tsPreCompilationDeps: true,
  doNotFollow: { path: 'node_modules' },
  exclude: { path: ['\\.spec\\.ts$', '__fixtures__'] },
  collapse: '^src/[^/]+',
});
const edges = new Map();
for (const m of result.output.modules) {
  if (!FOLDER.test(m.source)) continue;
  edges.set(m.source, m.dependencies.map((d) => d.resolved).filter((to) => FOLDER.test(to) && to !== m.source));
}

const cycles = [];
const state = new Map(); // undefined: unseen, 1: on the current path, 2: done
const path = [];
const visit = (node) => {
  state.set(node, 1);
  path.push(node);
  for (const next of edges.get(node) ?? []) {
    if (state.get(next) === 1) cycles.push([...path.slice(path.indexOf(next)), next]);
    else if (!state.has(next)) visit(next);
  }
  path.pop();
  state.set(node, 2);
};
for (const node of [...edges.keys()].sort()) if (!state.has(node)) visit(node);

if (cycles.length > 0) {
  for (const c of cycles) console.error(`module cycle: ${c.join(' → ')}`);
  process.exit(1);
}
console.log(`module folders: ${edges.size}, no import cycles between them`);
