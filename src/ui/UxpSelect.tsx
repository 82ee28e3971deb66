import { SelectHTMLAttributes, useEffect, useRef } from 'react';

type Props = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value'> & { value: string };

/**
 * A `<select>` that shows its value in UXP. UXP's known issues: `<select value>` does not show the
 * value as selected; the workaround is `setAttribute("value", …)` on the element, done here after
 * every render that changes it (React itself only sets the property).
 */
export function UxpSelect({ value, children, ...rest }: Props) {
  const ref = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    ref.current?.setAttribute('value', value);
  }, [value]);
  return (
    <select ref={ref} value={value} {...rest}>
      {children}
    </select>
  );
}
