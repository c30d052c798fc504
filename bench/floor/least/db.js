/** The stores the bench's seeders write (bench/browser.ts), with the one index the probe reads. */
// biome-ignore lint/correctness/noUnusedVariables: used by worker.js and seed.html, which load this file first.
function openProbeDatabase() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('rapport', 1);
    open.onupgradeneeded = () => {
      open.result.createObjectStore('contacts', { keyPath: 'id' });
      open.result.createObjectStore('accounts', { keyPath: 'id' });
      open.result.createObjectStore('identities', { keyPath: 'id' }).createIndex('by-key', 'profileKey');
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}
