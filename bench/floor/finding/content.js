// Finding X's post authors in what the page adds, and marking them, as Rapport's adapter does (src/content/sites/x.ts):
// the author selector within the added node's post (or the node itself), the node included; nothing else.
const AUTHORS = '[data-testid="User-Name"], [data-testid="UserCell"]';
const SCOPE = 'article[data-testid="tweet"], [data-testid="UserCell"]';
const SEEN = 'data-rapport-seen';

new MutationObserver((records) => {
  for (const record of records) {
    for (const node of record.addedNodes) {
      if (node.nodeType !== Node.ELEMENT_NODE) continue;
      const scope = node.closest(SCOPE) ?? node;
      const found = Array.from(scope.querySelectorAll(AUTHORS));
      if (scope.matches(AUTHORS)) found.unshift(scope);
      for (const author of found) if (!author.hasAttribute(SEEN)) author.setAttribute(SEEN, '');
    }
  }
}).observe(document.documentElement, { childList: true, subtree: true });
