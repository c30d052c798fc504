/**
 * One observer per page. The sites are single-page apps: the URL changes without a load, and the new page's
 * markup arrives in pieces. Mutations are coalesced into one callback per animation frame, so a burst of
 * thousands of DOM changes costs one check.
 */
export function watchPage(onChange: (added: Element[]) => void): () => void {
  let pending: Element[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const added = pending;
    pending = [];
    onChange(added);
  };
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) if (node.nodeType === Node.ELEMENT_NODE) pending.push(node as Element);
    }
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(flush);
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
