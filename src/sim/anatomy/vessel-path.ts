import type { VesselTree } from './model.ts';

/**
 * The vessels a device passes through going from one vessel to another: up from `fromKey` to
 * the deepest vessel both descend from, then down to `toKey`, both ends included (a femoral
 * access to the left MCA climbs the iliacs and aorta, then descends the carotid). Throws,
 * naming the tree and listing its vessels, for an unknown key.
 */
export function pathBetween(tree: VesselTree, fromKey: string, toKey: string): string[] {
  const from = indexOfKey(tree, fromKey);
  const to = indexOfKey(tree, toKey);
  const upFrom = ancestry(tree, from);
  const upTo = ancestry(tree, to);
  // Both lists end at the root; drop their shared tail, keeping the deepest shared vessel once.
  let shared = 0;
  while (
    shared < upFrom.length &&
    shared < upTo.length &&
    upFrom[upFrom.length - 1 - shared] === upTo[upTo.length - 1 - shared]
  ) {
    shared++;
  }
  const ascent = upFrom.slice(0, upFrom.length - shared + 1);
  const descent = upTo.slice(0, upTo.length - shared).reverse();
  return [...ascent, ...descent].map((index) => tree.segments[index]!.key);
}

/** The vessel and its ancestors, from it up to the root. */
function ancestry(tree: VesselTree, index: number): number[] {
  const chain: number[] = [];
  for (let current = index; current !== -1; current = tree.segments[current]!.parent) {
    if (chain.length > tree.segments.length) throw new Error(`${tree.name}: vessel parents form a cycle`);
    chain.push(current);
  }
  return chain;
}

function indexOfKey(tree: VesselTree, key: string): number {
  const index = tree.segments.findIndex((segment) => segment.key === key);
  if (index < 0) {
    throw new Error(`${tree.name} has no vessel "${key}"; it has ${tree.segments.map((s) => s.key).join(', ')}`);
  }
  return index;
}
