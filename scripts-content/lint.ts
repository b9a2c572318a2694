import { END, type Condition, type ScriptPackage, type Section } from './schema';

export interface LintProblem {
  /** Where: e.g. `sections[identify].questions[postcode].next[0]`. */
  readonly where: string;
  readonly message: string;
}

function conditionRefs(c: Condition, out: { answers: string[]; benefits: string[]; values: [string, unknown][] }): void {
  if ('all' in c) c.all.forEach((x) => conditionRefs(x, out));
  else if ('any' in c) c.any.forEach((x) => conditionRefs(x, out));
  else if ('not' in c) conditionRefs(c.not, out);
  else if ('benefitIs' in c) out.benefits.push(...c.benefitIs);
  else {
    out.answers.push(c.answer);
    if ('equals' in c) out.values.push([c.answer, c.equals]);
    if ('in' in c) c.in.forEach((v) => out.values.push([c.answer, v]));
    if ('includes' in c) out.values.push([c.answer, c.includes]);
  }
}

function lintSectionGraph(section: Section, problems: LintProblem[]): void {
  const at = `sections[${section.phase}]`;
  const byId = new Map(section.questions.map((q) => [q.id, q]));
  if (!byId.has(section.start)) problems.push({ where: `${at}.start`, message: `start question "${section.start}" is not in this section` });

  for (const q of section.questions) {
    q.next.forEach((r, i) => {
      if (r.goto !== END && !byId.has(r.goto))
        problems.push({ where: `${at}.questions[${q.id}].next[${i}]`, message: `unknown routing target "${r.goto}"` });
    });
    const last = q.next[q.next.length - 1];
    if (last?.when !== undefined)
      problems.push({
        where: `${at}.questions[${q.id}].next`,
        message: 'dead end: the last route has a condition, so an answer that matches no route strands the call; add an unconditional route last',
      });
  }

  // Reachability and cycles from the section start (a cycle would make the path infinite).
  const reached = new Set<string>();
  const onStack = new Set<string>();
  const canEnd = new Map<string, boolean>();
  const visit = (qid: string): boolean => {
    const q = byId.get(qid);
    if (!q) return false;
    if (onStack.has(qid)) {
      problems.push({ where: `${at}.questions[${qid}]`, message: 'routing loops back to an earlier question; use "back" in the desk instead of a loop' });
      return false;
    }
    const known = canEnd.get(qid);
    if (known !== undefined) return known;
    reached.add(qid);
    onStack.add(qid);
    let ends = false;
    for (const r of q.next) ends = (r.goto === END ? true : visit(r.goto)) || ends;
    onStack.delete(qid);
    canEnd.set(qid, ends);
    if (!ends) problems.push({ where: `${at}.questions[${qid}]`, message: 'dead end: no route from this question ever reaches the end of the section' });
    return ends;
  };
  if (byId.has(section.start)) visit(section.start);
  for (const q of section.questions)
    if (!reached.has(q.id)) problems.push({ where: `${at}.questions[${q.id}]`, message: `unreachable: no route from "${section.start}" leads here` });
}

/** Graph and reference checks that a schema cannot express. An empty list means the package is fit to use. */
export function lintScriptPackage(pkg: ScriptPackage): LintProblem[] {
  const problems: LintProblem[] = [];
  const questions = new Map<string, ScriptPackage['sections'][number]['questions'][number]>();
  const phases = new Set<string>();
  for (const s of pkg.sections) {
    if (phases.has(s.phase)) problems.push({ where: `sections[${s.phase}]`, message: `phase "${s.phase}" has two sections` });
    phases.add(s.phase);
    for (const q of s.questions) {
      if (questions.has(q.id)) problems.push({ where: `sections[${s.phase}].questions[${q.id}]`, message: `duplicate question id "${q.id}"` });
      questions.set(q.id, q);
      for (const loc of pkg.locales) {
        if (!(loc in q.say)) problems.push({ where: `questions[${q.id}].say`, message: `missing text for locale "${loc}"` });
      }
    }
    lintSectionGraph(s, problems);
  }
  for (const required of ['identify', 'establishBenefit', 'wrapUp'])
    if (!phases.has(required)) problems.push({ where: 'sections', message: `a "${required}" section is required` });

  const benefitIds = new Set(pkg.benefits.map((b) => b.id));
  const itemIds = new Set(pkg.evidenceCatalogue.map((i) => i.id));

  const checkCondition = (c: Condition, where: string) => {
    const refs = { answers: [] as string[], benefits: [] as string[], values: [] as [string, unknown][] };
    conditionRefs(c, refs);
    for (const a of refs.answers) if (!questions.has(a)) problems.push({ where, message: `condition refers to unknown question "${a}"` });
    for (const b of refs.benefits) if (!benefitIds.has(b)) problems.push({ where, message: `condition refers to unknown benefit "${b}"` });
    for (const [a, v] of refs.values) {
      const spec = questions.get(a)?.answer;
      if (spec && (spec.type === 'choice' || spec.type === 'multiChoice') && !spec.options.some((o) => o.value === v))
        problems.push({ where, message: `"${String(v)}" is not an option of question "${a}"` });
    }
  };
  for (const s of pkg.sections) {
    if (s.when) checkCondition(s.when, `sections[${s.phase}].when`);
    for (const q of s.questions) q.next.forEach((r, i) => r.when && checkCondition(r.when, `questions[${q.id}].next[${i}]`));
  }
  pkg.benefitRules.forEach((r, i) => {
    checkCondition(r.when, `benefitRules[${i}]`);
    if (!benefitIds.has(r.benefit)) problems.push({ where: `benefitRules[${i}]`, message: `unknown benefit "${r.benefit}"` });
  });
  pkg.evidenceRules.forEach((r, i) => {
    checkCondition(r.when, `evidenceRules[${i}]`);
    for (const item of r.items) if (!itemIds.has(item)) problems.push({ where: `evidenceRules[${i}]`, message: `unknown evidence item "${item}"` });
  });
  for (const b of pkg.benefits) {
    if (b.appointment === 'dueWindow' && !b.dueWindowDays)
      problems.push({ where: `benefits[${b.id}]`, message: 'a due-window benefit needs dueWindowDays' });
    if (b.dueWindowDays && b.dueWindowDays[0] > b.dueWindowDays[1])
      problems.push({ where: `benefits[${b.id}].dueWindowDays`, message: 'window starts after it ends' });
    if (b.appointment === 'bookOnCall' && b.id === pkg.contactCentre.code)
      problems.push({ where: `benefits[${b.id}]`, message: 'benefit id clashes with the contact centre code' });
  }
  for (const [name, qid] of Object.entries(pkg.bindings))
    if (qid !== undefined && !questions.has(qid)) problems.push({ where: `bindings.${name}`, message: `bound to unknown question "${qid}"` });
  const postcodeQ = questions.get(pkg.bindings.postcode);
  if (postcodeQ && postcodeQ.answer.type !== 'postcode')
    problems.push({ where: 'bindings.postcode', message: 'the postcode binding must be a postcode question' });
  return problems;
}
