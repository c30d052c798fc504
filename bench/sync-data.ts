/**
 * The records of the sync benchmark: a team's book of contacts and their interactions, with the field sizes a real
 * book has (names, headlines, companies, titles, locations, avatar URLs, tags, a paragraph of notes; interactions
 * with a summary, notes and often a link). Deterministic: record `i` is the same everywhere, so the bare
 * IndexedDB put, the sync server and the PouchDB server hold the same records.
 *
 * `makeRecords` runs in Node and, passed to `worker.evaluate`, inside Chromium: so it refers to nothing outside
 * itself and defines no named helpers (tsx would wrap them in a `__name()` the browser does not have).
 */
export type BenchStore = 'contacts' | 'interactions';

export function makeRecords(
  store: BenchStore,
  from: number,
  to: number,
  contactCount: number,
  now: number,
): Array<Record<string, unknown>> {
  const first = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Margaret', 'Ken', 'Radia', 'Tim', 'Frances'];
  const last = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Hamilton', 'Thompson', 'Perlman'];
  const words = [
    'procurement',
    'renewal',
    'pilot',
    'budget',
    'quarterly',
    'review',
    'integration',
    'pricing',
    'security',
    'roadmap',
    'onboarding',
    'contract',
    'expansion',
    'stakeholder',
    'timeline',
    'workshop',
    'analytics',
    'migration',
  ];
  const titles = ['Head of Procurement', 'VP Sales', 'CTO', 'Operations Director', 'Account Executive', 'CFO'];
  const cities = ['Leeds, England', 'Lyon, France', 'Austin, Texas', 'Porto, Portugal', 'Kraków, Poland'];
  const relationships = ['customer', 'prospect', 'partner', 'vendor'];
  const stages = ['lead', 'contacted', 'qualified', 'proposal', 'negotiation', 'won', 'lost'];
  const types = ['message', 'call', 'meeting', 'email', 'note', 'post'];
  const channels = ['linkedin', 'x', 'facebook', 'phone', 'email', 'in_person'];
  const out: Array<Record<string, unknown>> = [];
  for (let i = from; i < to; i++) {
    let sentence = '';
    for (let w = 0; w < 12; w++) sentence += `${words[(i * 7 + w * 5) % words.length]} `;
    const suffix = i.toString(16).padStart(12, '0');
    const at = now - (i % 1000) * 86_400_000;
    if (store === 'contacts') {
      const name = `${first[i % first.length]} ${last[(i * 3) % last.length]}`;
      const slug = `${name.toLowerCase().replace(' ', '-')}-${i.toString(36)}`;
      out.push({
        id: `01900000-0000-7000-8000-${suffix}`,
        createdAt: at,
        updatedAt: at,
        deleted: false,
        name,
        headline: `${titles[i % titles.length]} at Company ${i % 5000} · ${sentence.trim()}`.slice(0, 120),
        company: `Company ${i % 5000} Ltd`,
        title: titles[i % titles.length],
        location: cities[i % cities.length],
        avatarUrl: `https://media.licdn.com/dms/image/v2/D4E03AQ${suffix}/profile-displayphoto-shrink_200_200/0/${at}?e=1767225600&v=beta&t=${slug}`,
        relationship: relationships[i % relationships.length],
        stage: stages[i % stages.length],
        owner: i % 3 === 0 ? 'Sam' : 'Kim',
        tags: i % 2 === 0 ? ['enterprise', words[i % words.length]] : ['smb'],
        notes: `Met at the ${words[i % words.length]} summit. ${sentence}${sentence}`.trim(),
        emails: [`${slug}@company${i % 5000}.example.com`],
        phones: i % 4 === 0 ? [`+44 113 496 ${String(i % 10000).padStart(4, '0')}`] : [],
      });
    } else {
      const contact = (i * 7919) % contactCount;
      out.push({
        id: `01900000-0001-7000-8000-${suffix}`,
        createdAt: at,
        updatedAt: at,
        deleted: false,
        contactId: `01900000-0000-7000-8000-${contact.toString(16).padStart(12, '0')}`,
        type: types[i % types.length],
        channel: channels[i % channels.length],
        direction: i % 2 === 0 ? 'outbound' : 'inbound',
        occurredAt: at,
        summary: `${words[i % words.length]} ${words[(i + 3) % words.length]} follow-up with Company ${contact % 5000}`,
        notes: sentence.repeat(i % 3).trim(),
        ...(i % 5 === 0 ? { outcome: 'Agreed next steps' } : {}),
        ...(i % 2 === 0
          ? { url: `https://www.linkedin.com/messaging/thread/2-${suffix}${contact.toString(36)}/` }
          : {}),
      });
    }
  }
  return out;
}
