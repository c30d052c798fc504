importScripts('db.js');

const opened = openProbeDatabase();

/** One index read per question, as Rapport's lookup of a profile key does at least. */
chrome.runtime.onMessage.addListener((message, sender, reply) => {
  if (sender.id !== chrome.runtime.id) return false;
  opened.then((db) => {
    const read = db.transaction('identities').objectStore('identities').index('by-key').get(message.key);
    read.onsuccess = () => reply({ known: read.result !== undefined });
    read.onerror = () => reply({ known: false });
  });
  return true;
});
