import PDFDocument from 'pdfkit';

/**
 * Vigil's reports as PDF, from the Markdown they are written in: the subset those reports use
 * (`#` and `##` headings, paragraphs, `-` and `1.` lists, pipe tables, `**bold**`), on A4 with
 * the document's title and page numbers on every page. The Markdown stays the one source, so the
 * PDF says what the Markdown says.
 */
export async function markdownToPdf(
  markdown: string,
  options: { title: string; author: string },
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 50, right: 50 },
    bufferPages: true,
    info: { Title: pdfText(options.title), Author: pdfText(options.author), Creator: 'Vigil' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const lines = markdown.split(/\r?\n/);
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (line.startsWith('|')) {
      const rows: string[][] = [];
      while (index < lines.length && lines[index]!.startsWith('|')) {
        const cells = splitRow(lines[index]!);
        if (!cells.every((cell) => /^:?-{3,}:?$/.test(cell))) rows.push(cells);
        index += 1;
      }
      index -= 1;
      drawTable(doc, rows);
    } else if (line.startsWith('# ')) {
      doc
        .font('Helvetica-Bold')
        .fontSize(16)
        .fillColor('#1a3a5c')
        .text(inline(line.slice(2)));
      doc.moveDown(0.4);
    } else if (line.startsWith('## ')) {
      if (doc.y > doc.page.height - doc.page.margins.bottom - 80) doc.addPage();
      doc.moveDown(0.6);
      doc
        .font('Helvetica-Bold')
        .fontSize(12.5)
        .fillColor('#1a3a5c')
        .text(inline(line.slice(3)));
      doc.moveDown(0.3);
    } else if (/^(- |\d+\. )/.test(line)) {
      const [, marker = '-', text = ''] = /^(-|\d+\.) (.*)$/.exec(line) ?? [];
      const bullet = marker === '-' ? '•' : marker;
      doc
        .font('Helvetica')
        .fontSize(9.5)
        .fillColor('black')
        .text(`${bullet} ${inline(text)}`, { indent: 0, paragraphGap: 2 });
    } else if (line.trim() === '') doc.moveDown(0.35);
    else doc.font('Helvetica').fontSize(9.5).fillColor('black').text(inline(line), { paragraphGap: 2 });
  }
  const range = doc.bufferedPageRange();
  for (let page = range.start; page < range.start + range.count; page += 1) {
    doc.switchToPage(page);
    const bottom = doc.page.height - 36;
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(7.5)
      .fillColor('#555555')
      .text(`${pdfText(options.title)}  ·  page ${page + 1} of ${range.count}`, 50, bottom, {
        width: doc.page.width - 100,
        align: 'center',
        lineBreak: false,
      });
  }
  doc.end();
  return done;
}

function drawTable(doc: PDFKit.PDFDocument, rows: string[][]): void {
  if (rows.length === 0) return;
  const columns = Math.max(...rows.map((row) => row.length));
  const data = rows.map((row, rowIndex) =>
    Array.from({ length: columns }, (_, column) => ({
      text: inline(row[column] ?? ''),
      ...(rowIndex === 0 ? { font: { src: 'Helvetica-Bold' }, backgroundColor: '#e8eef4' } : {}),
    })),
  );
  doc.font('Helvetica').fontSize(7.5).fillColor('black');
  // Each column as wide as its longest text asks, within bounds, so a long summary gets the room.
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const wants = Array.from({ length: columns }, (_, column) =>
    Math.min(60, Math.max(8, ...rows.map((row) => (row[column] ?? '').length))),
  );
  doc.table({
    data,
    columnStyles: columnWidths(wants, width),
    defaultStyle: { padding: 3, border: 0.5, borderColor: '#9aa8b6' },
    position: { x: doc.page.margins.left },
  });
  doc.moveDown(0.4);
  doc.x = doc.page.margins.left;
}

/**
 * Short columns (ids, times) get the width their text needs at 7.5 pt, so they do not wrap; the
 * long ones share the rest by how much they hold. Too many short ones for the page: all share.
 */
function columnWidths(wants: readonly number[], width: number): number[] {
  const pointsPerCharacter = 4.3;
  const padding = 8;
  const long = (want: number) => want >= 40;
  const fixed = wants.reduce((sum, want) => sum + (long(want) ? 0 : want * pointsPerCharacter + padding), 0);
  const longTotal = wants.reduce((sum, want) => sum + (long(want) ? want : 0), 0);
  const left = width - fixed;
  if (longTotal === 0 || left < longTotal * 2) {
    const total = wants.reduce((sum, want) => sum + want, 0);
    return wants.map((want) => (want / total) * width);
  }
  return wants.map((want) => (long(want) ? (want / longTotal) * left : want * pointsPerCharacter + padding));
}

/** A table row's cells, with `\|` kept as a pipe inside a cell. */
function splitRow(line: string): string[] {
  const cells: string[] = [];
  let current = '';
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  for (let index = 0; index < inner.length; index += 1) {
    const char = inner[index]!;
    if (char === '\\' && inner[index + 1] === '|') {
      current += '|';
      index += 1;
    } else if (char === '|') {
      cells.push(current.trim());
      current = '';
    } else current += char;
  }
  cells.push(current.trim());
  return cells;
}

/** Inline Markdown dropped (emphasis, code marks), then made writable in a standard PDF font. */
function inline(text: string): string {
  return pdfText(text.replace(/\*\*(.+?)\*\*/g, '$1').replace(/`([^`]*)`/g, '$1'));
}

/** Characters the standard fonts' WinAnsi encoding has beyond Latin-1. */
const winAnsiExtras = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const fallbacks: Record<string, string> = {
  '→': '->',
  '←': '<-',
  '≥': '>=',
  '≤': '<=',
  '✓': 'yes',
  '✗': 'no',
};

/**
 * The standard PDF fonts (which need no font file) write Latin-1 and a few more characters; any
 * other is written as its nearest ASCII, or `?`, rather than as a wrong glyph.
 */
export function pdfText(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || winAnsiExtras.has(char))
      out += char;
    else if (char === '\t') out += ' ';
    else out += fallbacks[char] ?? '?';
  }
  return out;
}
