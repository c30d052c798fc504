import Papa from 'papaparse';

/**
 * LinkedIn Connections.csv files of any size, the same for the same seed: for import tests, the end-to-end import
 * test and the 100,000-row benchmark. The shape follows LinkedIn's export: the "Notes:" preamble, the seven
 * columns, "26 Jul 2025" dates, mostly empty emails; names and companies bring the hard cases (accents, CJK,
 * apostrophes, commas and quotes inside cells, percent-encoded URL slugs).
 */

export const CONNECTIONS_PREAMBLE = [
  'Notes:',
  '"When exporting your connection data, you may notice that some of the email addresses are missing. You will only see email addresses for connections who have allowed their connections to see or download their email address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more here https://www.linkedin.com/help/linkedin/answer/261"',
  '',
];

export const CONNECTIONS_HEADER = [
  'First Name',
  'Last Name',
  'URL',
  'Email Address',
  'Company',
  'Position',
  'Connected On',
] as const;

export interface Connection {
  firstName: string;
  lastName: string;
  url: string;
  email: string;
  company: string;
  position: string;
  connectedOn: string;
  /** The profile key the importer must give this row. */
  profileKey: string;
}

const FIRST = [
  'Jane',
  'Sam',
  'José',
  'Zoë',
  'Søren',
  'Łukasz',
  'Aoife',
  'Chloé',
  'Jürgen',
  'Mei',
  'Oluwaseun',
  'Priya',
  'François',
  'Ana María',
  'Björn',
  'Siobhán',
  'Nguyễn Văn',
  'Émilie',
  'Mohammed',
  'Ingrid',
  'Tomás',
  'Yuki',
  'Dmitri',
  'Fatima',
  'Liam',
  'Noor',
  'Ólafur',
  'Renée',
  'Ştefan',
  'Żaneta',
];
const LAST = [
  'Doe',
  'Lee',
  'García',
  "O'Brien",
  'Müller',
  'Nowak',
  'Ó Súilleabháin',
  'Dubois',
  'van der Berg',
  'Chen',
  'Adeyemi',
  'Patel',
  'Lefèvre',
  'de la Cruz',
  'Andersson',
  'Nakamura',
  'Смирнов',
  'Al-Farsi',
  '李',
  'Kowalczyk',
  'Hernández',
  'Ng',
  'Rossi',
  'Šimůnek',
  'Schäfer',
  'Papadopoulos',
  'Fernández',
  'Jensen',
  'Murphy',
  'Takahashi',
];
const COMPANIES = [
  'Northwind Analytics',
  'Acme, Inc.',
  'Contoso Ltd',
  'Müller & Söhne GmbH',
  'Initech',
  'Globex Corporation',
  'Fabrikam, Inc.',
  'Tailspin Toys',
  'Société Générale',
  '株式会社サンプル',
  'Wayne "Enterprises"',
  'Umbrella Corp.',
  'Stark Industries',
  'Hooli',
  'Pied Piper',
  'Vandelay Industries',
  '',
  'Self-employed',
  'Soylent, Ltd.',
  'Öko-Strom AG',
];
const POSITIONS = [
  'Head of Procurement',
  'Account Executive',
  'CTO',
  'Senior Software Engineer',
  'VP Sales, EMEA',
  'Founder & CEO',
  'Directrice commerciale',
  'Einkaufsleiter',
  '"Chief" Happiness Officer',
  'Marketing Manager',
  'Product Owner',
  '',
  'Consultant',
  'Data Scientist',
  'Partner',
];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** mulberry32: a tiny seeded generator, so a failing row can be found again by its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Like LinkedIn's default slugs: accents folded away ("josé" → "jose"); letters without an ASCII form stay. */
function slugPart(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['"]/g, '')
    .replace(/[\s.&,]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The people of a generated file: row i of the CSV is element i. */
export function makeConnections(rows: number, seed = 1): Connection[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const people: Connection[] = [];
  for (let i = 0; i < rows; i++) {
    const firstName = pick(FIRST);
    const lastName = pick(LAST);
    const suffix = `${i.toString(36)}${Math.floor(next() * 0xfff).toString(16)}`;
    const slug = `${slugPart(firstName)}-${slugPart(lastName)}-${suffix}`;
    // LinkedIn writes non-ASCII slugs percent-encoded; the key is the decoded, lower-cased slug.
    const url = `https://www.linkedin.com/in/${encodeURIComponent(slug)}`;
    const day = 1 + Math.floor(next() * 28);
    const year = 2008 + Math.floor(next() * 18);
    people.push({
      firstName,
      lastName,
      url,
      email: next() < 0.15 ? `${slugPart(firstName).replace(/[^a-z]/g, '') || 'contact'}.${i}@example.com` : '',
      company: pick(COMPANIES),
      position: pick(POSITIONS),
      connectedOn: `${String(day).padStart(2, '0')} ${pick(MONTHS)} ${year}`,
      profileKey: `linkedin:in/${slug.normalize('NFC')}`,
    });
  }
  return people;
}

export interface ConnectionsCsvOptions {
  /** LinkedIn's files use "\n"; Excel re-saves with "\r\n". */
  lineEnding?: '\n' | '\r\n';
  bom?: boolean;
  /** Leave the "Notes:" preamble out, as older exports did. */
  preamble?: boolean;
}

/** A Connections.csv text for these people, written by papaparse as LinkedIn's exporter quotes: only when needed. */
export function connectionsCsvFrom(people: readonly Connection[], options: ConnectionsCsvOptions = {}): string {
  const newline = options.lineEnding ?? '\n';
  const body = Papa.unparse(
    {
      fields: [...CONNECTIONS_HEADER],
      data: people.map((p) => [p.firstName, p.lastName, p.url, p.email, p.company, p.position, p.connectedOn]),
    },
    { newline },
  );
  const preamble = options.preamble === false ? '' : CONNECTIONS_PREAMBLE.join(newline) + newline;
  return `${options.bom ? '\uFEFF' : ''}${preamble}${body}${newline}`;
}

/** A Connections.csv of `rows` generated people; the same seed gives the same file. */
export function makeConnectionsCsv(rows: number, seed = 1, options: ConnectionsCsvOptions = {}): string {
  return connectionsCsvFrom(makeConnections(rows, seed), options);
}
