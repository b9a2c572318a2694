import type { EvidenceItem, ScriptPackage } from '../../scripts-content/schema';
import { holds, type Answers } from './conditions';

export interface Checklist {
  /** Identifies this exact list: a read-out is valid only for the list the customer actually heard. */
  readonly key: string;
  readonly items: readonly EvidenceItem[];
}

/** Evidence the customer must bring, from the content rules; often-forgotten items first so they are read out first. */
export function buildChecklist(pkg: ScriptPackage, answers: Answers, benefitId: string | null): Checklist {
  const ids: string[] = [];
  for (const rule of pkg.evidenceRules)
    if (holds(rule.when, answers, benefitId)) for (const id of rule.items) if (!ids.includes(id)) ids.push(id);
  const items = ids
    .map((id) => pkg.evidenceCatalogue.find((i) => i.id === id))
    .filter((i): i is EvidenceItem => i !== undefined)
    .sort((a, b) => Number(b.oftenForgotten) - Number(a.oftenForgotten));
  return { key: items.map((i) => i.id).join('+'), items };
}
