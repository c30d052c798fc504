// The least a timeline's badges can be: X's post authors found in what the page adds (as the finding probe does), their
// handles read, one message for the authors found in each 100 ms, and a plain mark after each known author's name.
const AUTHORS = '[data-testid="User-Name"], [data-testid="UserCell"]';
const SCOPE = 'article[data-testid="tweet"], [data-testid="UserCell"]';
const SEEN = 'data-rapport-seen';
let waiting = new Map();
let scheduled = false;

function lookUp() {
  scheduled = false;
  const batch = waiting;
  waiting = new Map();
  chrome.runtime.sendMessage({ keys: [...batch.keys()] }).then(({ known }) => {
    for (const key of known) {
      for (const name of batch.get(key)) {
        const mark = document.createElement('span');
        mark.textContent = '●';
        mark.title = 'Known';
        name.after(mark);
      }
    }
  });
}

new MutationObserver((records) => {
  for (const record of records) {
    for (const node of record.addedNodes) {
      if (node.nodeType !== Node.ELEMENT_NODE) continue;
      const scope = node.closest(SCOPE) ?? node;
      const found = Array.from(scope.querySelectorAll(AUTHORS));
      if (scope.matches(AUTHORS)) found.unshift(scope);
      for (const author of found) {
        if (author.hasAttribute(SEEN)) continue;
        author.setAttribute(SEEN, '');
        const name = author.querySelector('a[href]');
        const handle = name?.getAttribute('href')?.slice(1).toLowerCase();
        if (!handle) continue;
        const key = `x:${handle}`;
        waiting.set(key, [...(waiting.get(key) ?? []), name]);
        if (!scheduled) {
          scheduled = true;
          setTimeout(lookUp, 100);
        }
      }
    }
  }
}).observe(document.documentElement, { childList: true, subtree: true });
