// Retyping a port or an edge when inferred types arrive after the contents (graph/shapes): the host patches its
// view model, the webview the contents it holds, the same way.
import type { TensorType } from '../../server/contract/graph-view';

/** Sets `target`'s dtype and shape to `type`'s (absent ones removed); true when that changed anything. */
export function retype(target: { dtype?: string; shape?: string }, type: Omit<TensorType, 'tensor'>): boolean {
  if (target.dtype === type.dtype && target.shape === type.shape) return false;
  if (type.dtype) target.dtype = type.dtype;
  else delete target.dtype;
  if (type.shape) target.shape = type.shape;
  else delete target.shape;
  return true;
}
