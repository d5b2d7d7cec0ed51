import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * The modules `file` loads when it runs: its imports and re-exports that are not `import type`
 * / `export type` (with verbatimModuleSyntax, `import { type A }` still loads its module).
 */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022);
  const out: string[] = [];
  for (const node of source.statements) {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier)) out.push(node.moduleSpecifier.text);
    if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) out.push(node.moduleSpecifier.text);
  }
  return out;
}

/** Every module `entry` loads before it runs (static imports only, not `import()`), by the chain that reaches it. */
function staticGraph(entry: string): Map<string, string[]> {
  const chains = new Map<string, string[]>([[entry, [entry]]]);
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift()!;
    for (const spec of runtimeImports(file)) {
      const target = spec.startsWith('.') ? path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')) : spec;
      if (chains.has(target)) continue;
      chains.set(target, [...chains.get(file)!, target]);
      if (spec.startsWith('.')) queue.push(target);
    }
  }
  return chains;
}

describe('the board route', () => {
  it('loads no schema library: its code and what it imports statically never import zod', () => {
    const graph = staticGraph(path.join(root, 'client/src/components/shoal-pipeline-board.ts'));
    const chain = graph.get('zod')?.map((f) => path.relative(root, f));
    expect(chain, `zod reached by ${chain?.join(' -> ')}`).toBeUndefined();
    // The walk sees the board's parts, so a pass means something.
    expect(graph.has(path.join(root, 'client/src/components/shoal-pipeline-card.ts'))).toBe(true);
  });
});
