/** A refusal from the service, announced at once, in the words the service chose: the desk's ErrorText, by its FA-area name. */
export { ErrorText as Problem } from '../desk/ErrorText';
