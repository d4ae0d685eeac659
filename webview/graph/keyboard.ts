// Keyboard moves in the graph: ↓/↑ follow an edge out of / into the selected box, ←/→ go to the nearest box
// on the same row.
import type { Scene, SceneBox } from '../../common/graph-drawing/scene';

/** Frames and collapsed boxes of one group share a selection key ("g3"). */
export function selectionKey(b: SceneBox): string {
  return b.kind === 'frame' ? `g${b.id}` : b.key;
}

export function neighbour(scene: Scene, current: SceneBox, key: string): SceneBox | undefined {
  if (key === 'ArrowDown' || key === 'ArrowUp') {
    const down = key === 'ArrowDown';
    const from = selectionKey(current);
    const edge = scene.edges.find((e) => (down ? e.from : e.to) === from);
    const target = edge && (down ? edge.to : edge.from);
    return target ? scene.boxes.find((b) => selectionKey(b) === target) : undefined;
  }
  const dir = key === 'ArrowRight' ? 1 : -1;
  const cy = current.y + current.h / 2;
  return scene.boxes
    .filter(
      (b) =>
        b !== current &&
        b.kind !== 'frame' &&
        Math.abs(b.y + b.h / 2 - cy) < current.h &&
        Math.sign(b.x - current.x) === dir,
    )
    .sort((a, b) => Math.abs(a.x - current.x) - Math.abs(b.x - current.x))[0];
}

export type KeyAction = { kind: 'clear' } | { kind: 'select'; box: SceneBox } | { kind: 'open'; box: SceneBox };

/** What a key press in the graph does, given the selected box (if it is drawn). */
export function keyAction(scene: Scene, selected: string | undefined, key: string): KeyAction | undefined {
  if (key === 'Escape') return { kind: 'clear' };
  const current = scene.boxes.find((b) => selectionKey(b) === selected);
  const arrow = ['ArrowDown', 'ArrowUp', 'ArrowLeft', 'ArrowRight'].includes(key);
  if (!current) {
    const first = arrow ? scene.boxes.find((b) => b.kind !== 'frame') : undefined;
    return first && { kind: 'select', box: first };
  }
  if (key === 'Enter') return { kind: 'open', box: current };
  const next = arrow ? neighbour(scene, current, key) : undefined;
  return next && { kind: 'select', box: next };
}
