import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";

/**
 * A labelled form control with its hint and error tied to it (`aria-describedby`), the error
 * also marking it `aria-invalid`. No hooks: usable from server and client components alike.
 */

interface FieldFrame {
  label: string;
  name: string;
  /** Prefix for ids, when two forms on a page share a field name. */
  idPrefix?: string;
  hint?: ReactNode;
  error?: string | undefined;
}

function fieldIds({ name, idPrefix = "field" }: FieldFrame) {
  const id = `${idPrefix}-${name}`;
  return { id, hintId: `${id}-hint`, errorId: `${id}-error` };
}

function describedBy(frame: FieldFrame): string | undefined {
  const { hintId, errorId } = fieldIds(frame);
  const ids = [frame.hint ? hintId : null, frame.error ? errorId : null].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

function Frame({ frame, children }: { frame: FieldFrame; children: ReactNode }) {
  const { id, hintId, errorId } = fieldIds(frame);
  return (
    <div className="field" data-invalid={frame.error ? true : undefined}>
      <label htmlFor={id}>{frame.label}</label>
      {frame.hint ? (
        <p id={hintId} className="field-hint">
          {frame.hint}
        </p>
      ) : null}
      {children}
      {frame.error ? (
        <p id={errorId} className="field-error">
          <span aria-hidden="true">⚠ </span>
          {frame.error}
        </p>
      ) : null}
    </div>
  );
}

export function TextField({
  label,
  name,
  idPrefix,
  hint,
  error,
  ...input
}: FieldFrame & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "id">) {
  const frame = { label, name, idPrefix, hint, error };
  return (
    <Frame frame={frame}>
      <input
        {...input}
        id={fieldIds(frame).id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(frame)}
      />
    </Frame>
  );
}

export function SelectField({
  label,
  name,
  idPrefix,
  hint,
  error,
  children,
  ...select
}: FieldFrame & Omit<SelectHTMLAttributes<HTMLSelectElement>, "name" | "id">) {
  const frame = { label, name, idPrefix, hint, error };
  return (
    <Frame frame={frame}>
      <select
        {...select}
        id={fieldIds(frame).id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(frame)}
      >
        {children}
      </select>
    </Frame>
  );
}

/** The form's error that belongs to no one field. */
export function FormAlert({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <div role="alert" className="alert alert-error">
      {message}
    </div>
  );
}
