import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { LetterModel } from './letterModel';
import { ukDate } from './ukDates';

/**
 * The customer letter as a PDF, drawn with pdf-lib and the standard Helvetica fonts (no font files, works in the
 * browser host and the CLI). Same model, same words and order as the HTML; layout is simpler (A4, one column).
 * Deterministic: the same claim gives the same bytes (metadata dates come from the letter date, not the clock).
 */
const PAGE: [number, number] = [595.28, 841.89];
const LEFT = 56;
const RIGHT = 56;
const TOP = 60;
const BOTTOM = 64;
const WIDTH = PAGE[0] - LEFT - RIGHT;
const INK = rgb(0.043, 0.047, 0.047);
const GREY = rgb(0.31, 0.35, 0.37);
const RED = rgb(0.83, 0.21, 0.11);

interface Style {
  font?: 'regular' | 'bold';
  size?: number;
  indent?: number;
  color?: ReturnType<typeof rgb>;
  after?: number;
  align?: 'left' | 'right';
}

class Flow {
  readonly pages: PDFPage[] = [];
  private page!: PDFPage;
  private y = 0;
  private readonly charsets = new Map<PDFFont, Set<number>>();

  constructor(private readonly doc: PDFDocument, private readonly fonts: { regular: PDFFont; bold: PDFFont }) {
    this.newPage();
  }

  private newPage(): void {
    this.page = this.doc.addPage(PAGE);
    this.pages.push(this.page);
    this.y = PAGE[1] - TOP;
  }

  /** Standard fonts cover WinAnsi only: anything else (a name in another script) prints as "?" rather than failing. */
  safe(font: PDFFont, s: string): string {
    let set = this.charsets.get(font);
    if (!set) this.charsets.set(font, (set = new Set(font.getCharacterSet())));
    return Array.from(s.replace(/[\t\r\n]+/g, ' '))
      .map((ch) => (set.has(ch.codePointAt(0)!) ? ch : '?'))
      .join('');
  }

  private wrap(font: PDFFont, size: number, text: string, width: number): string[] {
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(/\s+/).filter(Boolean)) {
      const next = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) <= width || !line) line = next;
      else {
        lines.push(line);
        line = word;
      }
    }
    if (line) lines.push(line);
    return lines;
  }

  ensure(height: number): void {
    if (this.y - height < BOTTOM) this.newPage();
  }

  text(raw: string, st: Style = {}): void {
    const font = this.fonts[st.font ?? 'regular'];
    const size = st.size ?? 10.5;
    const indent = st.indent ?? 0;
    const lead = size * 1.35;
    const lines = this.wrap(font, size, this.safe(font, raw), WIDTH - indent);
    for (const line of lines) {
      this.ensure(lead);
      this.y -= lead;
      const x = st.align === 'right' ? PAGE[0] - RIGHT - font.widthOfTextAtSize(line, size) : LEFT + indent;
      this.page.drawText(line, { x, y: this.y, size, font, color: st.color ?? INK });
    }
    this.y -= st.after ?? 3;
  }

  gap(h: number): void {
    this.y -= h;
  }

  rule(): void {
    this.ensure(4);
    this.page.drawLine({ start: { x: LEFT, y: this.y }, end: { x: PAGE[0] - RIGHT, y: this.y }, thickness: 0.6, color: GREY });
    this.y -= 4;
  }

  heading(s: string): void {
    this.ensure(48); // keep a heading with at least a couple of lines of what follows
    this.gap(8);
    this.text(s, { font: 'bold', size: 13, after: 2 });
    this.rule();
  }
}

export async function renderLetterPdf(m: LetterModel): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const when = new Date(`${m.letterDate}T12:00:00Z`);
  doc.setTitle(`Your claim: what happens next (${m.reference})`);
  doc.setAuthor(m.senderName);
  doc.setSubject(`Claim for ${m.benefitName}`);
  doc.setCreator('claim-intake');
  doc.setProducer('pdf-lib');
  doc.setLanguage('en-GB');
  doc.setCreationDate(when);
  doc.setModificationDate(when);
  const fonts = { regular: await doc.embedFont(StandardFonts.Helvetica), bold: await doc.embedFont(StandardFonts.HelveticaBold) };
  const f = new Flow(doc, fonts);

  f.text(m.senderName, { align: 'right', after: 0 });
  f.text(ukDate(m.letterDate), { align: 'right', after: 0 });
  f.text(`Claim reference: ${m.reference}`, { align: 'right', font: 'bold', after: 8 });
  for (const l of [m.recipient.name, ...m.recipient.addressLines]) f.text(l, { after: 0 });
  f.gap(18);
  f.text(`Your claim for ${m.benefitName}: what happens next`, { font: 'bold', size: 15, after: 8 });
  f.text(`Dear ${m.recipient.name},`);
  f.text(
    `Thank you for your call. We have started your claim for ${m.benefitName}. Your claim date is ${ukDate(m.claimDate)}. Please quote your claim reference, ${m.reference}, whenever you contact us.`,
  );

  f.heading('Your appointments');
  for (const s of m.appointments) {
    f.text(s.heading, { font: 'bold', after: 1 });
    for (const para of s.paragraphs) f.text(para);
    f.gap(3);
  }

  f.heading('What to bring or send');
  f.text(`We need these ${m.items.length} things to deal with your claim. We read this list to you on the phone.`, { after: 6 });
  m.items.forEach((i, n) => {
    f.ensure(60);
    if (i.oftenForgotten) f.text('Often forgotten:', { font: 'bold', color: RED, after: 0 });
    f.text(`${n + 1}. ${i.what}`, { font: 'bold', after: 1 });
    f.text(`Why: ${i.why}.`, { indent: 14, after: 1 });
    f.text(`Who gives it to you: ${i.whoProvides}.`, { indent: 14, after: 1 });
    if (i.acceptedForms.length) {
      f.text('We accept:', { indent: 14, after: 0 });
      for (const form of i.acceptedForms) f.text(`- ${form}`, { indent: 24, after: 0 });
      f.gap(1);
    }
    f.text(i.due, { indent: 14, font: 'bold', after: 8 });
  });
  f.text(m.cannotGetItem);

  f.heading('Questions, or need to change an appointment?');
  const contact = [m.contact.phone ? `Phone ${m.contact.phone}` : 'Phone the number on your claim pack', m.contact.textphone ? `textphone ${m.contact.textphone}` : null, m.contact.openingHours]
    .filter(Boolean)
    .join(', ');
  f.text(`${contact}. Have your claim reference ready: ${m.reference}.`, { font: 'bold' });
  f.gap(10);
  f.text('Yours sincerely,');
  f.text(m.signOff);

  const total = f.pages.length;
  f.pages.forEach((page, i) => {
    const footer = f.safe(fonts.regular, `${m.senderName}. Claim reference ${m.reference}. Page ${i + 1} of ${total}.`);
    page.drawText(footer, { x: LEFT, y: BOTTOM - 30, size: 8.5, font: fonts.regular, color: GREY });
  });
  return doc.save({ useObjectStreams: false });
}
