/**
 * The letter's print CSS. The standalone HTML document (Electron printToPDF, "open and print") embeds it; the desk
 * bundles the identical rules as renderer/fa/letter.css (a test keeps the two the same), because the desk's CSP
 * allows no inline styles.
 */
export const LETTER_CSS = `@page { size: A4; margin: 18mm 16mm 20mm; }
.letter { font-family: Arial, Helvetica, sans-serif; font-size: 11pt; line-height: 1.45; color: #0b0c0c; max-width: 178mm; margin: 0 auto; }
.letter header { display: flex; justify-content: space-between; gap: 12mm; margin-bottom: 8mm; }
.letter .sender { text-align: right; }
.letter .recipient p, .letter .sender p { margin: 0; }
.letter h1 { font-size: 16pt; margin: 0 0 3mm; }
.letter h2 { font-size: 13pt; margin: 7mm 0 2mm; border-bottom: 1px solid #b1b4b6; padding-bottom: 1mm; }
.letter h3 { font-size: 11pt; margin: 4mm 0 1mm; }
.letter .reference { font-weight: bold; }
.letter ol.checklist { padding-left: 6mm; margin: 0; }
.letter ol.checklist > li { margin: 0 0 4mm; break-inside: avoid; page-break-inside: avoid; }
.letter .item-title { font-weight: bold; }
.letter .forgotten { border-left: 4px solid #d4351c; padding-left: 3mm; }
.letter .forgotten-tag { font-weight: bold; color: #d4351c; }
.letter .forms { margin: 1mm 0 0; padding-left: 5mm; }
.letter .due { font-weight: bold; }
.letter .contact { margin-top: 7mm; padding: 3mm; border: 2px solid #0b0c0c; break-inside: avoid; }
.letter footer { margin-top: 8mm; font-size: 9pt; color: #505a5f; }
@media print {
  .letter { max-width: none; }
  .letter h2 { break-after: avoid; page-break-after: avoid; }
}
`;
