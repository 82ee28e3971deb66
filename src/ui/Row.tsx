import type { ReactNode } from 'react';

interface Props {
  label: string;
  children: ReactNode;
  testId?: string;
  hint?: ReactNode;
}

/** One label/value line of a summary box; the value wraps under the label when the panel is narrow. */
export function Row({ label, children, testId, hint }: Props) {
  return (
    <div className="ltx-row">
      <span className="ltx-row-label">{label}</span>
      <span className="ltx-row-value">
        <span data-testid={testId}>{children}</span>
        {hint ? <span className="ltx-row-hint">{hint}</span> : null}
      </span>
    </div>
  );
}
