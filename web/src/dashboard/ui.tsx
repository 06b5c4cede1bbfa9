// Small accessible building blocks: every input has a label, every error is tied to its
// input (aria-describedby, aria-invalid) and announced.
import type { ComponentChildren } from 'preact';
import { ApiError } from './api';

let seq = 0;
export const uid = (p: string) => `${p}-${++seq}`;

export function Field(props: {
  id: string;
  label: string;
  value: string;
  onInput: (v: string) => void;
  type?: string;
  error?: string;
  hint?: string;
  autocomplete?: string;
  required?: boolean;
  inputMode?: 'decimal' | 'numeric' | 'email' | 'text';
}) {
  const described = [props.error ? props.id + '-err' : '', props.hint ? props.id + '-hint' : ''].filter(Boolean);
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        type={(props.type ?? 'text') as 'text'}
        value={props.value}
        inputMode={props.inputMode}
        autocomplete={props.autocomplete}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described.join(' ') || undefined}
        onInput={(e) => props.onInput((e.target as HTMLInputElement).value)}
      />
      {props.hint && (
        <small id={props.id + '-hint'} class="hint">
          {props.hint}
        </small>
      )}
      {props.error && (
        <small id={props.id + '-err'} class="err" role="alert">
          {props.error}
        </small>
      )}
    </div>
  );
}

export function Select(props: {
  id: string;
  label: string;
  value: string;
  options: [string, string][];
  onChange: (v: string) => void;
  error?: string;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select
        id={props.id}
        value={props.value}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? props.id + '-err' : undefined}
        onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}
      >
        {props.options.map(([v, t]) => (
          <option value={v}>{t}</option>
        ))}
      </select>
      {props.error && (
        <small id={props.id + '-err'} class="err" role="alert">
          {props.error}
        </small>
      )}
    </div>
  );
}

export function Check(props: { id: string; label: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <div class="check">
      <input
        id={props.id}
        type="checkbox"
        checked={props.checked}
        onChange={(e) => props.onChange((e.target as HTMLInputElement).checked)}
      />
      <label for={props.id}>{props.label}</label>
    </div>
  );
}

/** An error from the API (or anything thrown), in words. */
export function Problem({ error }: { error: unknown }) {
  if (!error) return null;
  const text =
    error instanceof ApiError
      ? `${error.body.message}${error.body.field ? ` (${error.body.field})` : ''}`
      : String((error as Error).message ?? error);
  return (
    <p class="problem" role="alert">
      {text}
    </p>
  );
}

export function Notice({ children }: { children: ComponentChildren }) {
  return (
    <p class="notice" role="status">
      {children}
    </p>
  );
}
