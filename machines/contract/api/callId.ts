import { z } from 'zod';
import { readTypedCallId } from '../../rules/claimReference';

/**
 * A call id in a request. New calls' ids are claim references (`7K4M-2QX9-HRC`), which people type or paste after
 * hearing them on the phone, so any typed form of one (lower case, spaces, no dashes, O for 0, I or L for 1) is read
 * as its canonical form, and one whose check symbol does not match is refused with what to do. Any other id (a UUID
 * from a database older than claim references) is passed on unchanged.
 */
export const CallId = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .transform((input, ctx) => {
    const typed = readTypedCallId(input);
    if (typed.kind === 'typingError') {
      ctx.addIssue({ code: 'custom', message: typed.message, params: { forPerson: true } });
      return z.NEVER;
    }
    return typed.id;
  });

/** A validation issue whose message is written for the person at the screen, so the router passes it on as it is. */
export const isForPerson = (issue: z.core.$ZodIssue | undefined): boolean => issue?.code === 'custom' && issue.params?.['forPerson'] === true;
