// Page 3: the catalog: services (list, create, edit in service-form.tsx, delete), the
// opening hours and special days (schedule.tsx), staff and coupons (staff-coupons.tsx).
import { useEffect, useState } from 'preact/hooks';
import type { Catalog, Core, Service } from '../../../wasm/slotpay-core';
import { call } from './api';
import { exponentOf } from './core';
import { money } from './format';
import { emptyForm, toForm } from './service-model';
import { ServiceForm } from './service-form';
import { OverridesEditor, ScheduleEditor } from './schedule';
import { CouponsEditor, StaffEditor } from './staff-coupons';
import { Problem } from './ui';

export function ServicesPage({ core }: { core: Core | null }) {
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [editing, setEditing] = useState<Service | 'new' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = () =>
    call<{ catalog: Catalog }>('GET', '/v1/merchant/catalog').then((r) => setCatalog(r.catalog), setError);
  useEffect(() => void load(), []);
  if (!catalog) return <Problem error={error} />;
  const cur = catalog.merchant.currency;
  const exp = exponentOf(core, cur);
  async function remove(s: Service) {
    if (!confirm(`Delete ${s.name}? Existing bookings keep their price.`)) return;
    try {
      await call('DELETE', `/v1/merchant/catalog/services/${encodeURIComponent(s.id)}`);
      load();
    } catch (e) {
      setError(e);
    }
  }
  if (editing)
    return (
      <ServiceForm
        core={core}
        catalog={catalog}
        exp={exp}
        stored={editing === 'new' ? null : editing}
        initial={editing === 'new' ? emptyForm() : toForm(editing, exp)}
        onSaved={() => (setEditing(null), load())}
        onCancel={() => setEditing(null)}
      />
    );
  return (
    <section aria-labelledby="svc-h">
      <h1 id="svc-h">Services</h1>
      <Problem error={error} />
      <button type="button" class="primary" onClick={() => setEditing('new')}>
        New service
      </button>
      <div class="table-wrap">
        <table>
          <caption>Your services</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Price</th>
              <th scope="col">Duration</th>
              <th scope="col">Payment</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {catalog.services.map((s) => (
              <tr>
                <th scope="row">{s.name}</th>
                <td>{money(s.price, cur, exp)}</td>
                <td>{s.duration_min} min</td>
                <td>
                  {s.payment ?? 'stripe'}
                  {s.deposit ? ', deposit' : ''}
                </td>
                <td>
                  <button type="button" onClick={() => setEditing(s)}>
                    Edit <span class="sr">{s.name}</span>
                  </button>{' '}
                  <button type="button" class="danger" onClick={() => remove(s)}>
                    Delete <span class="sr">{s.name}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ScheduleEditor catalog={catalog} onSaved={load} />
      <OverridesEditor catalog={catalog} onSaved={load} />
      <StaffEditor catalog={catalog} onSaved={load} />
      <CouponsEditor catalog={catalog} exp={exp} onSaved={load} />
    </section>
  );
}
