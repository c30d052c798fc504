import { MAX_CELL_CHARS } from './limits';
import { formatCount, formatSize } from './text';

/** Checks shared by the CSV importers, on raw cells before anything is made of them. */

export function isBlankRow(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

/** The reason to skip a row with a cell too large to store, naming the column; null when every cell fits. */
export function oversizedCell(cells: readonly string[], headers: readonly string[]): string | null {
  for (let i = 0; i < cells.length; i++) {
    const length = cells[i]?.length ?? 0;
    if (length > MAX_CELL_CHARS) {
      const column = headers[i]?.trim() ? `“${headers[i]?.trim()}”` : `column ${i + 1}`;
      return `the ${column} cell (${formatSize(length)}) exceeds the ${formatCount(MAX_CELL_CHARS)}-character limit`;
    }
  }
  return null;
}

export const UNTERMINATED_REASON =
  'a quoted cell is never closed (a “"” is missing), so this row and the lines after it in the file cannot be read';

/** Header cells compared as people write them: case, spaces, quotes and a stray BOM do not count. */
export function headerKey(cell: string): string {
  return cell
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();
}
