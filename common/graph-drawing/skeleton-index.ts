// The skeleton's node index as `graph/skeleton` sends it (PackedSkeleton): a name that starts with its group's path
// goes without it, op types go once each and then by number. The view unpacks it as soon as it arrives.
import type { GraphSkeleton, PackedSkeleton } from '../../server/contract/graph-view';

export function packSkeleton(skeleton: GraphSkeleton): PackedSkeleton {
  const { index, ...rest } = skeleton;
  const opNames: string[] = [];
  const opNumbers = new Map<string, number>();
  const opOf = index.ops.map((op) => {
    let n = opNumbers.get(op);
    if (n === undefined) {
      opNumbers.set(op, (n = opNames.length));
      opNames.push(op);
    }
    return n;
  });
  const whole: number[] = [];
  const tails = index.names.map((name, id) => {
    const path = skeleton.groups[index.groupOf[id]]?.path ?? '';
    if (path !== '' && name.startsWith(path)) return name.slice(path.length);
    whole.push(id);
    return name;
  });
  return { ...rest, packedIndex: { tails, whole, opNames, opOf, groupOf: index.groupOf } };
}

export function unpackSkeleton(packed: PackedSkeleton): GraphSkeleton {
  const { packedIndex, ...rest } = packed;
  const { tails, opNames, opOf, groupOf } = packedIndex;
  const whole = new Set(packedIndex.whole);
  return {
    ...rest,
    index: {
      names: tails.map((tail, id) => (whole.has(id) ? tail : rest.groups[groupOf[id]].path + tail)),
      ops: opOf.map((n) => opNames[n]),
      groupOf,
    },
  };
}
