import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClaimRecord } from '../../machines/contract/claimRecord';
import { ScriptRegistry } from '../../main/content/scriptRegistry';
import { LETTER_CSS } from '../../main/letters/letterCss';
import { renderLetterArticle, renderLetterHtml } from '../../main/letters/letterHtml';
import { buildLetterModel, LetterNotReady } from '../../main/letters/letterModel';
import { renderLetterPdf } from '../../main/letters/letterPdf';
import { extractPdfText } from '../../main/letters/pdfText';
import { makeTestApp, testDirectory, type TestApp } from '../helpers/fixtures';
import { driveClaim, plans, type ClaimPlan } from './evidence-helpers';

let app: TestApp;
afterEach(() => app?.close());

const dir = testDirectory();
const office = (code: string) => dir.officeByCode(code);

async function complete(plan: ClaimPlan, fco = 'fco-ann'): Promise<ClaimRecord> {
  return driveClaim(() => app.service.startCall(fco), (id, cmd) => (app.clock.advance(15), app.service.send(id, cmd, fco)), plan);
}
const pkgOf = (rec: ClaimRecord) => new ScriptRegistry(app.db, () => app.clock.now).byHashOrThrow(rec.script.hash).pkg;
/** The PDF's text as one string with single spaces (wrapped lines joined), plus the raw lines. */
async function pdfText(rec: ClaimRecord): Promise<{ text: string; lines: string[]; bytes: Uint8Array }> {
  const bytes = await renderLetterPdf(buildLetterModel(rec, pkgOf(rec), office));
  const lines = extractPdfText(bytes);
  return { text: lines.join(' ').replace(/\s+/g, ' '), lines, bytes };
}

describe('customer letter', () => {
  it('IB (due window): the PDF carries the reference, the window, every checklist item in plain words with its due date, SSP1 flagged, and the contact number', async () => {
    app = makeTestApp();
    const rec = await complete(plans.ibEmployed('QA1 2BB', 'Alex Example'));
    expect(rec.status).toBe('complete');
    expect(rec.evidence.readOut).toBe(true);
    const { text, lines, bytes } = await pdfText(rec);
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');

    expect(text).toContain(`Claim reference: ${rec.callId}`);
    expect(lines).toContain('Alex Example');
    expect(text).toContain('Your claim for Incapacity Benefit: what happens next');
    expect(text).toContain('Your claim date is Monday 23 November 2026');
    // Days 57–91 from the claim date; day 91 is a Sunday, so the last day the interview can be held is Friday 19 February.
    expect(text).toContain('It will be between Monday 18 January 2027 and Friday 19 February 2027');
    // Every item the FCO read out is in the letter, in the same order, SSP1 first and flagged.
    for (const item of rec.evidence.items) expect(text).toContain(item.what);
    const positions = rec.evidence.items.map((i) => text.indexOf(i.what));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(rec.evidence.items[0]!.id).toBe('ssp1');
    expect(text).toMatch(/Often forgotten: 1\. Form SSP1 from your employer/);
    expect(text).toContain('We accept: - Form SSP1, filled in and signed by your employer');
    // No FA meeting booked: items are due 28 days from the claim date (day 1 = claim date), at the Jobcentre.
    // Day 28 from the claim date is Sunday 20 December: a due date is always a day the Jobcentre is open.
    expect(text).toContain('Send or take it to Northtown Jobcentre by Monday 21 December 2026.');
    expect(text).not.toContain('Sunday 20 December');
    expect(text).toContain('Phone 0808 157 0192, textphone 0808 157 0193, Monday to Friday, 8am to 6pm.');
    expect(text).toMatch(/Page 1 of \d/);
  });

  it('book on call (JSA): the letter gives both appointments in UK time and "bring it to your meeting"', async () => {
    app = makeTestApp();
    const rec = await complete(plans.jsa('QA9 2BB', '2026-11-25T10:00:00Z', '2026-11-25T10:30:00Z', 'Sam Seeker'));
    const { text } = await pdfText(rec);
    expect(text).toContain('Meeting with a Financial Assessor Wednesday 25 November 2026 at 10:00am, at Southtown Jobcentre, 1 South St, QA9 1AA.');
    expect(text).toContain('Work Focused Interview with a Personal Adviser Wednesday 25 November 2026 at 10:30am');
    expect(text).toContain('Bring it to your meeting on Wednesday 25 November 2026 at 10:00am.');
    expect(text).toContain('Your P45 from your last job, if you have it');
  });

  it('HB/CTB only: no interview, council items due within a month', async () => {
    app = makeTestApp();
    const rec = await complete(plans.housingOnly('QB1 2BB'));
    const { text } = await pdfText(rec);
    expect(text).toContain('You do not need an interview for this claim.');
    expect(text).toContain('Needed by Tuesday 22 December 2026. Send to the council within one month of your claim.');
    expect(text).toContain('Your tenancy agreement or a letter from your landlord showing the rent');
    expect(text).not.toContain('Financial Assessor on');
  });

  it('is deterministic: the same claim gives the same PDF bytes and HTML', async () => {
    app = makeTestApp();
    const rec = await complete(plans.ibEmployed());
    const a = await pdfText(rec);
    const b = await pdfText(rec);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    const m = buildLetterModel(rec, pkgOf(rec), office);
    expect(renderLetterHtml(m)).toBe(renderLetterHtml(buildLetterModel(rec, pkgOf(rec), office)));
  });

  it('HTML: a print stylesheet, every value escaped, no scripts; the desk bundles the identical CSS', async () => {
    app = makeTestApp();
    const rec = await complete(plans.ibEmployed('QA1 2BB', 'Eve <script>alert(1)</script> O\'Neil & Co'));
    const m = buildLetterModel(rec, pkgOf(rec), office);
    const html = renderLetterHtml(m);
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain("Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"");
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('Eve &lt;script&gt;alert(1)&lt;/script&gt; O&#39;Neil &amp; Co');
    const article = renderLetterArticle(m);
    expect(article).not.toMatch(/style=|<style/);
    expect(html).toContain(article);
    for (const item of rec.evidence.items) expect(article).toContain(`data-item="${item.id}"`);
    const bundled = readFileSync(new URL('../../renderer/fa/letter.css', import.meta.url), 'utf8');
    expect(bundled.trim()).toBe(LETTER_CSS.trim());
  });

  it('prints names outside the standard fonts as "?" rather than failing', async () => {
    app = makeTestApp();
    const rec = await complete(plans.ibEmployed('QA1 2BB', 'Zoë Łukasz 李'));
    const { lines } = await pdfText(rec);
    expect(lines).toContain('Zoë ?ukasz ?');
  });

  it('is refused for a claim that is not complete', async () => {
    app = makeTestApp();
    const rec = await driveClaim(() => app.service.startCall('fco-ann'), (id, cmd) => app.service.send(id, cmd, 'fco-ann'), { ...plans.ibEmployed(), stopAt: 'evidence' });
    expect(rec.status).toBe('in_progress');
    expect(() => buildLetterModel(rec, pkgOf(rec), office)).toThrow(LetterNotReady);
  });
});
