/**
 * Formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that starts with =, +, -, @, a tab or a
 * carriage return as a formula, and a name like `=HYPERLINK(…)` scraped from a profile would run on the machine of
 * whoever opens the export. Such cells get a leading single quote, which spreadsheets show as text. The full-width
 * forms (＝ ＋ － ＠) are included because some spreadsheet locales treat them the same.
 *
 * One exception, on purpose: a value that is only a phone number or a plain number ("+44 20 7946 0958", "-5")
 * cannot hold a function or a reference, and a quote in front of it would be imported into HubSpot or Salesforce
 * as part of the phone number.
 */
export const FORMULA_START = /^(?![+-]?[\d\s()./-]+$)[=+\-@\t\r＝＋－＠]/;

export function escapeFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
