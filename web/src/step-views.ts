// The widget's step views (choose, details, pay, done, failed), each built the first time
// it is needed, hidden, into the widget's frame. The first render draws only the choose
// step: building the four others then was about half of its main-thread work.
import type { Step } from './steps';

type Kind = Step['kind'];
export interface StepView {
  el: HTMLElement;
  heading: HTMLElement;
}

export class StepViews<V extends { [K in Kind]: StepView }> {
  private readonly built: Partial<V> = {};

  constructor(
    private readonly frame: HTMLElement,
    private readonly make: { [K in Kind]: () => V[K] },
  ) {}

  /** Step `k`'s view, built (hidden, after the others in the frame) on first use. */
  get<K extends Kind>(k: K): V[K] {
    let v = this.built[k];
    if (!v) {
      v = this.make[k]();
      v.el.hidden = true;
      this.frame.append(v.el);
      this.built[k] = v;
    }
    return v as V[K];
  }

  /** Step `k`'s view if it was built: one never built has nothing to stop or clear. */
  peek<K extends Kind>(k: K): V[K] | undefined {
    return this.built[k];
  }

  /** Shows step `k`'s view (built if need be) and hides every other. */
  show(k: Kind): void {
    const shown = this.get(k);
    for (const v of Object.values(this.built) as StepView[]) v.el.hidden = v !== shown;
  }
}
