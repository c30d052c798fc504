importScripts('db.js');

const opened = openProbeDatabase();

/** The known ones among `keys`: one read-only transaction, one index read per key, as Rapport's lookup does at least. */
function knownOf(db, keys) {
  return new Promise((resolve) => {
    const index = db.transaction('identities').objectStore('identities').index('by-key');
    const known = [];
    let left = keys.length;
    if (!left) resolve(known);
    for (const key of keys) {
      const read = index.getKey(key);
      read.onsuccess = () => {
        if (read.result !== undefined) known.push(key);
        if (--left === 0) resolve(known);
      };
      read.onerror = () => {
        if (--left === 0) resolve(known);
      };
    }
  });
}

chrome.runtime.onMessage.addListener((message, sender, reply) => {
  if (sender.id !== chrome.runtime.id) return false;
  opened.then((db) => knownOf(db, message.keys)).then((known) => reply({ known }));
  return true;
});
