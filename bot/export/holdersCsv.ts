import { t, type Language } from '../i18n';
import type { HolderRow } from '../licensing/holderExport';

/**
 * The holders export as CSV lines (RFC 4180, CRLF), safe to open in a spreadsheet: a cell that a
 * spreadsheet would read as a formula (starting with =, +, -, @, a tab or a carriage return) is
 * prefixed with an apostrophe, and every cell is quoted.
 */
export function csvCell(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${text.replace(/"/g, '""')}"`;
}

const line = (cells: string[]) => `${cells.map(csvCell).join(',')}\r\n`;

export function csvHeader(language: Language): string {
  return line(
    (
      [
        'export.csv.name',
        'export.csv.address',
        'export.csv.how',
        'export.csv.since',
        'export.csv.until',
      ] as const
    ).map((key) => t(language, key)),
  );
}

export function csvLine(language: Language, row: HolderRow): string {
  const how =
    row.how.kind === 'direct'
      ? t(language, 'export.csv.direct')
      : row.how.kind === 'group'
        ? t(language, 'export.csv.group', { count: row.how.members })
        : t(language, 'export.csv.through', { group: row.how.group });
  return line([row.name, row.address, how, row.since, row.until ?? '']);
}
