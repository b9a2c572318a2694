import type { AnswerSpec } from '../../../scripts-content/schema';
import { ChoiceAnswer } from './ChoiceAnswer';
import type { Draft } from './draft';
import { TextAnswer } from './TextAnswer';

export interface AnswerControlProps {
  spec: AnswerSpec;
  /** Used for element ids, so labels and descriptions are tied to this question only. */
  questionId: string;
  say: string;
  draft: Draft;
  onDraft: (d: Draft) => void;
  /** ids of the help text and error, for aria-describedby. */
  describedBy: string[];
  invalid: boolean;
}

/** The question and the control for its answer type. The words the FCO reads are the control's label. */
export function AnswerControl(props: AnswerControlProps) {
  const { spec } = props;
  switch (spec.type) {
    case 'acknowledge':
      // Nothing to type: the Continue button is the control (and takes focus).
      return (
        <h2 className="say" id={`say-${props.questionId}`}>
          {props.say}
        </h2>
      );
    case 'yesNo':
      return <ChoiceAnswer {...props} multiple={false} options={[{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }]} />;
    case 'choice':
      return <ChoiceAnswer {...props} multiple={false} options={spec.options.map((o) => ({ value: o.value, label: o.label.en }))} />;
    case 'multiChoice':
      return <ChoiceAnswer {...props} multiple options={spec.options.map((o) => ({ value: o.value, label: o.label.en }))} />;
    default:
      return <TextAnswer {...props} />;
  }
}
