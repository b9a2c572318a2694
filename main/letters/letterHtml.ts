import { LETTER_CSS } from './letterCss';
import type { LetterModel } from './letterModel';
import { ukDate } from './ukDates';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** The letter's <article>: every value escaped, no scripts, no inline styles (the desk's CSP forbids both). */
export function renderLetterArticle(m: LetterModel): string {
  const p = (s: string) => `<p>${esc(s)}</p>`;
  const items = m.items
    .map(
      (i) => `<li class="${i.oftenForgotten ? 'forgotten' : ''}" data-item="${esc(i.id)}">
  ${i.oftenForgotten ? '<span class="forgotten-tag">Often forgotten: </span>' : ''}<span class="item-title">${esc(i.what)}</span>
  <div>Why: ${esc(i.why)}.</div>
  <div>Who gives it to you: ${esc(i.whoProvides)}.</div>
  ${i.acceptedForms.length ? `<div>We accept:</div><ul class="forms">${i.acceptedForms.map((f) => `<li>${esc(f)}</li>`).join('')}</ul>` : ''}
  <div class="due">${esc(i.due)}</div>
</li>`,
    )
    .join('\n');
  const contact = [
    m.contact.phone ? `Phone ${m.contact.phone}` : 'Phone the number on your claim pack',
    m.contact.textphone ? `textphone ${m.contact.textphone}` : null,
    m.contact.openingHours,
  ]
    .filter(Boolean)
    .join(', ');
  return `<article class="letter" aria-label="Customer letter ${esc(m.reference)}">
<header>
  <div class="recipient">${[m.recipient.name, ...m.recipient.addressLines].map(p).join('')}</div>
  <div class="sender">${p(m.senderName)}${p(ukDate(m.letterDate))}<p class="reference">Claim reference: ${esc(m.reference)}</p></div>
</header>
<h1>Your claim for ${esc(m.benefitName)}: what happens next</h1>
${p(`Dear ${m.recipient.name},`)}
${p(`Thank you for your call. We have started your claim for ${m.benefitName}. Your claim date is ${ukDate(m.claimDate)}. Please quote your claim reference, ${m.reference}, whenever you contact us.`)}
<h2>Your appointments</h2>
${m.appointments.map((s) => `<h3>${esc(s.heading)}</h3>${s.paragraphs.map(p).join('')}`).join('\n')}
<h2>What to bring or send</h2>
${p(`We need these ${m.items.length} things to deal with your claim. We read this list to you on the phone.`)}
<ol class="checklist">
${items}
</ol>
${p(m.cannotGetItem)}
<div class="contact">
  <h2>Questions, or need to change an appointment?</h2>
  ${p(`${contact}. Have your claim reference ready: ${m.reference}.`)}
</div>
${p('Yours sincerely,')}
${p(m.signOff)}
<footer>${esc(m.senderName)}. Claim reference ${esc(m.reference)}.</footer>
</article>`;
}

/** A complete document: what Electron prints to PDF and what a browser prints with the same print CSS. */
export function renderLetterHtml(m: LetterModel): string {
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Your claim: what happens next (${esc(m.reference)})</title>
<style>
${LETTER_CSS}</style>
</head>
<body>
${renderLetterArticle(m)}
</body>
</html>
`;
}
