// The weekly opening hours (a catalog save) and the date overrides (closed days,
// special hours: the overrides collection). Errors from the core come back per field.
import { useState } from 'preact/hooks';
import type { Catalog } from '../../../wasm/slotpay-core';
import { ApiError, call } from './api';
import { WEEKDAYS, hoursText, parseHours, parseWeek } from './hours';
import { Field, Notice, Problem } from './ui';

const DAY_NAMES: Record<string, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

/** The first server error whose field names `prefix`. */
const errorAt = (e: unknown, prefix: string) =>
  e instanceof ApiError ? e.body.errors?.find((x) => x.field.includes(prefix))?.message : undefined;

export function ScheduleEditor({ catalog, onSaved }: { catalog: Catalog; onSaved: () => void }) {
  const weekly = catalog.schedule?.weekly ?? {};
  const [texts, setTexts] = useState<Record<string, string>>(
    Object.fromEntries(WEEKDAYS.map((d) => [d, hoursText(weekly[d])])),
  );
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const parsed = parseWeek(texts);
  async function save(ev: Event) {
    ev.preventDefault();
    setError(null);
    setSaved(false);
    if (!parsed.weekly) return;
    try {
      const next = { ...catalog, schedule: { ...(catalog.schedule ?? {}), weekly: parsed.weekly } };
      await call('PUT', '/v1/merchant/catalog', { catalog: next });
      setSaved(true);
      onSaved();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <form onSubmit={save} aria-labelledby="hours-h">
      <h2 id="hours-h">Opening hours</h2>
      <p class="hint">Per day, e.g. 09:00-12:00, 13:00-17:00; empty: closed.</p>
      <div class="row">
        {WEEKDAYS.map((d) => (
          <Field
            id={`hours-${d}`}
            label={DAY_NAMES[d]}
            value={texts[d]}
            onInput={(v) => setTexts({ ...texts, [d]: v })}
            error={
              parsed.bad.includes(d) ? 'Write ranges like 09:00-17:00, separated by commas.' : errorAt(error, `.${d}`)
            }
          />
        ))}
      </div>
      <Problem error={error} />
      {saved && <Notice>Opening hours saved.</Notice>}
      <button type="submit" class="primary" disabled={!parsed.weekly}>
        Save opening hours
      </button>
    </form>
  );
}

export function OverridesEditor({ catalog, onSaved }: { catalog: Catalog; onSaved: () => void }) {
  const overrides = Object.entries(catalog.schedule?.overrides ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const [date, setDate] = useState('');
  const [hours, setHours] = useState('');
  const [error, setError] = useState<unknown>(null);
  const parsed = parseHours(hours);
  async function add(ev: Event) {
    ev.preventDefault();
    setError(null);
    if (!parsed) return;
    try {
      await call('POST', '/v1/merchant/catalog/overrides', { date, hours: parsed });
      setDate('');
      setHours('');
      onSaved();
    } catch (e) {
      setError(e);
    }
  }
  async function remove(d: string) {
    setError(null);
    try {
      await call('DELETE', `/v1/merchant/catalog/overrides/${encodeURIComponent(d)}`);
      onSaved();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <section aria-labelledby="ovr-h">
      <h2 id="ovr-h">Special days</h2>
      <ul>
        {overrides.map(([d, h]) => (
          <li>
            {d}: {h.length ? hoursText(h) : 'closed'}{' '}
            <button type="button" onClick={() => remove(d)}>
              Remove <span class="sr">special day {d}</span>
            </button>
          </li>
        ))}
        {!overrides.length && <li>None: the weekly hours apply every day.</li>}
      </ul>
      <form onSubmit={add} aria-label="Add a special day" class="row">
        <Field id="ovr-date" label="Date" type="date" value={date} onInput={setDate} error={errorAt(error, 'date')} />
        <Field
          id="ovr-hours"
          label="Hours (empty: closed)"
          value={hours}
          onInput={setHours}
          error={parsed ? errorAt(error, 'hours') : 'Write ranges like 09:00-17:00, separated by commas.'}
        />
        <button type="submit" disabled={!date || !parsed}>
          Add special day
        </button>
      </form>
      {!errorAt(error, 'date') && !errorAt(error, 'hours') && <Problem error={error} />}
    </section>
  );
}
