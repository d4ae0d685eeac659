// Search by node name (substring) or op type (exact), over the skeleton's index: no group needs to be loaded.
import type { GraphSkeleton } from '../../server/contract/graph-view';
import { collapsedHolder } from './scope-tree';

export const MAX_SEARCH_RESULTS = 50;

export function findNodes(skeleton: GraphSkeleton, query: string): number[] {
  const q = query.trim().toLowerCase();
  const found: number[] = [];
  if (q === '') return found;
  for (let id = 0; id < skeleton.nodeCount && found.length < MAX_SEARCH_RESULTS; id++) {
    if (skeleton.index.names[id].toLowerCase().includes(q) || skeleton.index.ops[id].toLowerCase() === q)
      found.push(id);
  }
  return found;
}

/** The result list under the search box: one button per node found, op and name as text. */
export function renderSearchResults(
  list: HTMLElement,
  skeleton: GraphSkeleton,
  found: number[],
  pick: (nodeId: number) => void,
): void {
  list.replaceChildren(
    ...found.map((id) => {
      const item = document.createElement('button');
      item.textContent = `${skeleton.index.ops[id]} — ${skeleton.index.names[id] || `node ${id}`}`;
      item.dataset.action = 'search-result';
      item.dataset.nodeId = String(id);
      item.setAttribute('role', 'option');
      item.addEventListener('click', () => {
        list.replaceChildren();
        pick(id);
      });
      return item;
    }),
  );
}

/**
 * Searches, lists the results under the box (`data-search-results` counts them) and returns the keys of the boxes to
 * highlight: a match inside a collapsed group highlights the group.
 */
export function runSearch(
  skeleton: GraphSkeleton | undefined,
  expanded: Set<number>,
  query: string,
  list: HTMLElement,
  data: DOMStringMap,
  reveal: (nodeId: number) => void,
): Set<string> {
  list.replaceChildren();
  const matches = new Set<string>();
  if (!skeleton) return matches;
  const found = findNodes(skeleton, query);
  for (const id of found) {
    const hidden = collapsedHolder(skeleton, expanded, id);
    matches.add(hidden === undefined ? `n${id}` : `g${hidden}`);
  }
  renderSearchResults(list, skeleton, found, reveal);
  if (query.trim() !== '') data.searchResults = String(found.length);
  return matches;
}
