/** A refusal from the service, announced at once, in the words the service chose (they say what to do next). */
export function Problem({ error, id }: { error: { message: string } | null; id?: string }) {
  if (!error) return null;
  return (
    <p className="error-text" role="alert" id={id}>
      <span className="visually-hidden">Error: </span>
      {error.message}
    </p>
  );
}
