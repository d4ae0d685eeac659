// What the renderer asks the view about each box, and tells it back.
import type { SceneBox } from '../../../common/graph-drawing/scene';
import type { Severity } from '../../../server/contract/findings';

export interface RenderHooks {
  /** Problems on the box that pass the current filter (none: undefined). */
  problemsOf(box: SceneBox): { severity: Severity; count: number } | undefined;
  overlayColor(box: SceneBox): string | undefined;
  isSelected(box: SceneBox): boolean;
  isMatch(box: SceneBox): boolean;
  onActivate(box: SceneBox, how: 'click' | 'dblclick'): void;
  onViewChange(): void;
}
