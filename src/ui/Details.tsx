import { ReactNode, useState } from 'react';

interface Props {
  label: string;
  testId: string;
  children: ReactNode;
}

/** A collapsed row of details (ids, API figures) opened by a plain button (UXP has no <details>). */
export function Details({ label, testId, children }: Props) {
  const [open, setOpen] = useState(false);
  return (
    <div className="ltx-details" data-testid={testId}>
      <button type="button" className="ltx-link" aria-expanded={open} data-testid={`${testId}-toggle`} onClick={() => setOpen(!open)}>
        {open ? '▾' : '▸'} {label}
      </button>
      {open ? <div className="ltx-details-body">{children}</div> : null}
    </div>
  );
}
