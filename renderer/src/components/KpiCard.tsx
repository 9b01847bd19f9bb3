interface KpiCardProps {
  label: string;
  /** A number when the data exists; undefined renders "—" with the note saying why. */
  value: number | undefined;
  note: string;
  loading?: boolean;
}

export function KpiCard({ label, value, note, loading = false }: KpiCardProps) {
  const shown = loading ? '…' : value === undefined ? '—' : value.toLocaleString();
  return (
    <article className="kpi-card" aria-label={label}>
      <h2 className="kpi-card__label">{label}</h2>
      <p className={value === undefined ? 'kpi-card__value kpi-card__value--absent' : 'kpi-card__value'}>{shown}</p>
      <p className="kpi-card__note">{note}</p>
    </article>
  );
}
