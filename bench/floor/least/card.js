// The least a card can do: ask at document_start, and show itself once the page is parsed and the answer is in.
const slug = location.pathname.split('/')[2] ?? '';
const key = `linkedin:in/${slug.toLowerCase()}`;
const answer = chrome.runtime.sendMessage({ keys: [key] });
const parsed =
  document.readyState === 'loading'
    ? new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }))
    : Promise.resolve();
Promise.all([answer, parsed]).then(([found]) => {
  const card = document.createElement('rapport-card');
  card.textContent = found?.known.length ? 'known' : 'stranger';
  card.setAttribute('data-rapport-state', 'ready');
  document.body.append(card);
});
