/**
 * One observer per page. The sites are single-page apps: the URL changes without a load, and the new page's
 * markup arrives in pieces. The observer's callback runs once per task that changed the DOM, after the page's own
 * code and before the browser renders: what is found there is annotated in the same frame, and a burst of
 * thousands of changes in one task costs one check.
 */
export function watchPage(onChange: (added: Element[]) => void): () => void {
  const observer = new MutationObserver((records) => {
    const added: Element[] = [];
    for (const record of records) {
      for (const node of record.addedNodes) {
        // Rapport's own badges and card are not news.
        if (node.nodeType === Node.ELEMENT_NODE && !(node as Element).localName.startsWith('rapport-')) {
          added.push(node as Element);
        }
      }
    }
    if (added.length) onChange(added);
  });
  observer.observe(document.documentElement, { childList: true, subtree: true, characterData: false });
  const onPop = () => onChange([]);
  window.addEventListener('popstate', onPop);
  return () => {
    observer.disconnect();
    window.removeEventListener('popstate', onPop);
  };
}
