import { useEffect, useState } from 'preact/hooks';
import { ask } from '../lib/messaging-client';
import type { Contact } from '../lib/records';

/** Options: grows with the settings issues (sites, owner, server, import/export); today it shows what is stored. */
export function Options() {
  const [contacts, setContacts] = useState<Contact[]>();
  useEffect(() => {
    ask<'recentContacts'>({ type: 'recentContacts', limit: 200 }).then(({ contacts }) => setContacts(contacts));
  }, []);
  return (
    <main>
      <h1>Rapport options</h1>
      <h2>Your data</h2>
      <p>
        {contacts === undefined ? 'Loading…' : `${contacts.length} recently saved contacts are stored in this browser.`}
      </p>
    </main>
  );
}
