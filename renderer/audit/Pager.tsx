/** Newer/older paging for the audit tables (newest first), shared by the report and the changes list. */
export function Pager({ offset, pageSize, total, onOffset }: { offset: number; pageSize: number; total: number; onOffset: (offset: number) => void }) {
  return (
    <nav aria-label="Pages" className="audit-pages">
      <button type="button" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - pageSize))}>
        Newer
      </button>
      <button type="button" disabled={offset + pageSize >= total} onClick={() => onOffset(offset + pageSize)}>
        Older
      </button>
    </nav>
  );
}
