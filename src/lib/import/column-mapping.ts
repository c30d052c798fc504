import { z } from 'zod';
import { lazySchema } from '../lazy-schema';
import { identityFor } from './social';
import { isEmail } from './text';

/**
 * Which column of a generic CSV holds what. The mapping is one entry per column (a field, or null to ignore it),
 * which is exactly the options page's list of dropdowns; several columns may feed a list field (two email
 * columns, Google's "Phone 1" and "Phone 2").
 */

export const IMPORT_FIELDS = [
  'name',
  'firstName',
  'lastName',
  'email',
  'phone',
  'company',
  'title',
  'headline',
  'location',
  'linkedin',
  'x',
  'facebook',
  'profileUrl',
  'tags',
  'notes',
] as const;
export const ImportField = lazySchema(() => z.enum(IMPORT_FIELDS));
export type ImportField = z.infer<typeof ImportField>;

/** One entry per column, in column order: the field it feeds, or null to leave the column out. */
export const ColumnMapping = lazySchema(() => z.array(ImportField.nullable()).max(1000));
export type ColumnMapping = z.infer<typeof ColumnMapping>;

/** Labels for the mapping step's dropdowns. */
export const IMPORT_FIELD_LABELS: Record<ImportField, string> = {
  name: 'Full name',
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  phone: 'Phone',
  company: 'Company',
  title: 'Job title',
  headline: 'Headline',
  location: 'Location / city',
  linkedin: 'LinkedIn profile',
  x: 'X (Twitter) profile',
  facebook: 'Facebook profile',
  profileUrl: 'Profile URL (any network)',
  tags: 'Tags',
  notes: 'Notes',
};

/**
 * Header names by field (space-separated), compared after folding (lower case, accents and punctuation removed): English, German,
 * French, Spanish, Italian, Dutch and Portuguese, plus the exports of Google Contacts, Outlook, HubSpot and Salesforce.
 */
const HEADER_NAMES: Record<ImportField, string> = {
  name:
    'name fullname displayname contactname contactfullname vollername vollstandigername ' +
    'nomcomplet nombrecompleto nomecompleto volledigenaam naam',
  firstName: 'firstname first givenname forename vorname prenom nombre nome voornaam primeironome',
  lastName:
    'lastname last surname familyname nachname familienname nom nomdefamille apellido apellidos cognome ' +
    'achternaam sobrenome ultimonome',
  email:
    'email emailaddress mail emailadresse mailadresse courriel adresseemail adressemail correo ' +
    'correoelectronico posta postaelettronica emailadres primaryemail workemail emailaddresses emails',
  phone:
    'phone phonenumber telephone tel mobile mobilephone mobilephonenumber cell cellphone businessphone ' +
    'workphone homephone telefon telefonnummer mobil handy mobiltelefon portable numerodetelephone ' +
    'telefono celular movil cellulare telefoon telefoonnummer mobiel phones',
  company:
    'company companyname organization organisation organizationname org employer account accountname ' +
    'firma unternehmen arbeitgeber firmenname societe entreprise empresa compania azienda societa bedrijf ' +
    'organisatie organizacao',
  title:
    'title jobtitle position role jobrole organizationtitle designation berufsbezeichnung ' +
    'stellenbezeichnung funktion poste fonction titredeposte cargo puesto ruolo qualifica functie ' +
    'functietitel',
  headline: 'headline linkedinheadline tagline',
  location:
    'location city town mailingcity businesscity homecity addresscity ort stadt wohnort standort ville localisation ' +
    'ciudad ubicacion localidad citta localita plaats woonplaats cidade localizacao region',
  linkedin:
    'linkedin linkedinurl linkedinprofile linkedinprofileurl linkedinlink linkedinpublicprofileurl ' +
    'profillinkedin linkedinprofil perfillinkedin',
  x: 'x xtwitter twitterx twitter twitterhandle twitterusername twitterurl twitterprofile xhandle xprofile xurl',
  facebook: 'facebook facebookurl facebookprofile facebookprofileurl fb',
  profileUrl: 'url profileurl profile socialprofile website websiteurl webpage homepage',
  tags:
    'tags tag labels label categories category groups group groupmembership lists schlagworte ' +
    'schlagworter stichworte kategorien kategorie gruppen etiquettes etiquetas categorias etichette ' +
    'categorie labelen',
  notes:
    'notes note comments comment description contactdescription remarks notizen notiz bemerkungen ' +
    'bemerkung kommentar kommentare beschreibung remarques commentaires commentaire notas nota ' +
    'comentarios observaciones commenti opmerkingen notities observacoes',
};

const BY_NAME = new Map<string, ImportField>();
for (const field of IMPORT_FIELDS) for (const name of HEADER_NAMES[field].split(' ')) BY_NAME.set(name, field);

/**
 * "E-Mail-Adresse" → "emailadresse", "Société" → "societe", Google's "E-mail 1 - Value" → "email" and
 * "Organization 1 - Name" → "organizationname": lower case, with accents, punctuation, the numbering of
 * multi-value exports and their "value" suffix removed.
 */
export function foldHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}]+/gu, '')
    .replace(/(.)value$/, '$1');
}

function fieldFromValues(values: readonly string[]): ImportField | null {
  const filled = values.map((value) => value.trim()).filter(Boolean);
  if (!filled.length) return null;
  const share = (test: (value: string) => boolean) => filled.filter(test).length / filled.length;
  if (share((value) => identityFor('linkedin', value) !== null && /linkedin\./i.test(value)) >= 0.5) return 'linkedin';
  if (share((value) => /(^|\.)(x|twitter)\.com\//i.test(value) && identityFor('x', value) !== null) >= 0.5) return 'x';
  if (share((value) => /facebook\.com\//i.test(value) && identityFor('facebook', value) !== null) >= 0.5) {
    return 'facebook';
  }
  if (share(isEmail) >= 0.5) return 'email';
  return null;
}

/** Single-value fields take the first column that claims them; list fields may take several. */
const SINGLE: ReadonlySet<ImportField> = new Set([
  'name',
  'firstName',
  'lastName',
  'company',
  'title',
  'headline',
  'location',
  'linkedin',
  'x',
  'facebook',
]);

/**
 * A first guess at the mapping, from header names and, for columns whose header says nothing, from what the
 * sample values look like (profile URLs, email addresses). The person confirms or corrects it.
 */
export function suggestMapping(headers: readonly string[], sample: readonly (readonly string[])[] = []): ColumnMapping {
  const mapping: ColumnMapping = headers.map((header) => BY_NAME.get(foldHeader(header)) ?? null);
  mapping.forEach((field, index) => {
    if (field) return;
    mapping[index] = fieldFromValues(sample.map((row) => row[index] ?? ''));
  });
  const taken = new Set<ImportField>();
  return mapping.map((field) => {
    if (!field || !SINGLE.has(field)) return field;
    if (taken.has(field)) return null;
    taken.add(field);
    return field;
  });
}

/** Whether a mapping lets rows be imported at all: every contact needs a name. */
export function mappingHasName(mapping: ColumnMapping): boolean {
  return mapping.some((field) => field === 'name' || field === 'firstName' || field === 'lastName');
}
