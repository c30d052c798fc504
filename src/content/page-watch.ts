const DRAIN_ROUNDS = 3;

/** Elements added by the records, Rapport's own badges and card left out: they are not news. */
function addedElements(records: readonly MutationRecord[]): Element[] {
  const added: Element[] = [];
  for (const record of records) {
    for (const node of record.addedNodes) {
      if (node.nodeType === Node.ELEMENT_NODE && !(node as Element).localName.startsWith('rapport-')) {
        added.push(node as Element);
      }
    }
  }
  return added;
}

/**
 * One observer per page. The sites are single-page apps: the URL changes without a load, and the new page's
 * markup arrives in pieces. The observer's callback runs once per task that changed the DOM, after the page's own
 * code and before the browser renders: what is found there is annotated in the same frame, and a burst of
 * thousands of changes in one task costs one check.
 */
export function watchPage(onChange: (added: Element[]) => void): () => void {
  const observer = new MutationObserver((records) => {
    let added = addedElements(records);
    for (let round = 1; added.length; round++) {
      onChange(added);
      // Whatever keeps adding nodes as fast as they are handled gets the next callback, not this loop.
      if (round === DRAIN_ROUNDS) break;
      // What changed during onChange is mostly the badges it just inserted: read here rather than in a callback of
      // its own (one per batch of posts on a timeline), and anything else that arrived meanwhile is handled now.
      added = addedElements(observer.takeRecords());
    }
  });
  observer.observe(document.documentElement, { childList: true, subtree: true, characterData: false });
  const onPop = () => onChange([]);
  window.addEventListener('popstate', onPop);
  return () => {
    observer.disconnect();
    window.removeEventListener('popstate', onPop);
  };
}
