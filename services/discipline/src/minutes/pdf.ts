import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { MinutesBlock } from './minutes';

// DejaVu Serif has every Vietnamese letter with its diacritics (the PDF's built-in Times has
// none of them); the font files come with the `dejavu-fonts-ttf` package and are embedded, so
// the minutes print the same on any host and in the container image, with no browser.
const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONTS = {
  regular: join(FONT_DIR, 'DejaVuSerif.ttf'),
  bold: join(FONT_DIR, 'DejaVuSerif-Bold.ttf'),
  italic: join(FONT_DIR, 'DejaVuSerif-Italic.ttf'),
  mono: join(FONT_DIR, 'DejaVuSansMono.ttf'),
} as const;

/** 2 cm, as Vietnamese administrative documents are laid out. */
const MARGIN = 57;

/** The minutes as a PDF (A4), drawn with pdfkit from the same blocks as the HTML. */
export function minutesPdf(blocks: readonly MinutesBlock[], title: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: title, Author: 'THADS integrity' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const [name, file] of Object.entries(FONTS)) doc.registerFont(name, file);
  const width = doc.page.width - 2 * MARGIN;
  const left = MARGIN;

  for (const b of blocks) {
    switch (b.kind) {
      case 'nation':
        doc.font('bold').fontSize(12);
        for (const line of b.lines) doc.text(line, left, doc.y, { width, align: 'center' });
        doc.moveDown(1);
        break;
      case 'title':
        doc.font('bold').fontSize(14).text(b.text, left, doc.y, { width, align: 'center' });
        break;
      case 'ref':
        doc.font('regular').fontSize(11).text(b.text, left, doc.y, { width, align: 'center' });
        doc.moveDown(0.8);
        break;
      case 'heading':
        doc.moveDown(0.5);
        doc.font('bold').fontSize(12).text(b.text, left, doc.y, { width });
        doc.moveDown(0.2);
        break;
      case 'subheading':
        doc.moveDown(0.3);
        doc.font('italic').fontSize(12).text(b.text, left, doc.y, { width });
        break;
      case 'para':
        if (b.style === 'quote')
          doc
            .font('italic')
            .fontSize(12)
            .text(b.text, left + 28, doc.y, { width: width - 56 });
        else
          doc
            .font('regular')
            .fontSize(b.style === 'note' ? 10 : 12)
            .text(b.text, left, doc.y, { width, align: 'justify' });
        doc.moveDown(0.3);
        break;
      case 'list':
        doc.font('regular').fontSize(12);
        for (const item of b.items) {
          const y = doc.y;
          doc.text('–', left + 6, y);
          doc.text(item, left + 20, y, { width: width - 20, align: 'justify' });
          doc.moveDown(0.15);
        }
        doc.moveDown(0.2);
        break;
      case 'table': {
        const widths = [width * 0.6, width * 0.2];
        const row = (cells: readonly string[], font: 'regular' | 'bold') => {
          const y = doc.y;
          doc.font(font).fontSize(11);
          let x = left;
          let bottom = y;
          cells.forEach((cell, i) => {
            const w = widths[i] ?? 0;
            doc.text(cell, x + 4, y + 2, { width: w - 8, align: i === 0 ? 'left' : 'right' });
            bottom = Math.max(bottom, doc.y + 2);
            x += w;
          });
          doc
            .rect(left, y, widths[0]! + widths[1]!, bottom - y)
            .moveTo(left + widths[0]!, y)
            .lineTo(left + widths[0]!, bottom)
            .lineWidth(0.5)
            .strokeColor('#444444')
            .stroke();
          doc.y = bottom;
        };
        row(b.header, 'bold');
        for (const r of b.rows) row(r, 'regular');
        doc.x = left;
        doc.moveDown(0.4);
        break;
      }
      case 'commitment':
        doc.font('regular').fontSize(11).text(b.label, left, doc.y, { width });
        doc.font('mono').fontSize(9).text(b.value, left, doc.y, { width });
        doc.moveDown(0.3);
        break;
      case 'signatures': {
        doc.moveDown(1.5);
        if (doc.y > doc.page.height - MARGIN - 100) doc.addPage();
        const y = doc.y;
        const w = width / b.seats.length;
        b.seats.forEach((s, i) => {
          doc
            .font('bold')
            .fontSize(11)
            .text(s.role, left + i * w, y, { width: w, align: 'center' });
          doc
            .font('regular')
            .fontSize(11)
            .text(s.name, left + i * w, y + 60, { width: w, align: 'center' });
        });
        break;
      }
    }
  }
  doc.end();
  return done;
}
