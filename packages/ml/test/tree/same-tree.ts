// Both split searches (WASM and the TypeScript reference) must grow the same tree, bit for bit.
import { expect } from 'vitest';
import { useTreeWasm } from '../../src/tree/grower.js';
import type { Tree } from '../../src/tree/tree.js';

export function expectSameTree(a: Tree, b: Tree): void {
  expect(b.nodeCount).toBe(a.nodeCount);
  for (const key of [
    'left',
    'right',
    'feature',
    'threshold',
    'value',
    'impurity',
    'nodeSamples',
  ] as const) {
    expect(Array.from(b[key])).toEqual(Array.from(a[key]));
  }
}

/** Grows a tree with the WASM search and with the TypeScript one; both must be equal. */
export function expectWasmEqualsTs(grow: () => Tree, minNodes: number): void {
  const wasm = grow();
  useTreeWasm(false);
  try {
    expectSameTree(grow(), wasm);
  } finally {
    useTreeWasm(true);
  }
  expect(wasm.nodeCount).toBeGreaterThan(minNodes);
}
