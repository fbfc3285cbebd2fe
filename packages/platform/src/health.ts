/**
 * The health of one process: each dependency or loop reports itself up or down with a reason;
 * `/health` answers 200 only when all are up, and 503 naming the ones that are down.
 */
export interface ComponentHealth {
  up: boolean;
  detail?: string;
  since: string;
}

export class HealthRegistry {
  private readonly components = new Map<string, ComponentHealth>();

  /** Marks a component up. Without a detail, an up component keeps the detail it had. */
  up(name: string, detail?: string): void {
    const prev = this.components.get(name);
    this.set(name, true, detail ?? (prev?.up ? prev.detail : undefined));
  }

  down(name: string, detail: string): void {
    this.set(name, false, detail);
  }

  /** `up` or `down` by a flag: the shape of a consumer's `onStatus` report. */
  report(name: string, up: boolean, detail: string): void {
    if (up) this.up(name, detail);
    else this.down(name, detail);
  }

  private set(name: string, up: boolean, detail?: string): void {
    const prev = this.components.get(name);
    if (prev && prev.up === up && prev.detail === detail) return;
    const entry: ComponentHealth = { up, since: prev && prev.up === up ? prev.since : new Date().toISOString() };
    if (detail !== undefined) entry.detail = detail;
    this.components.set(name, entry);
  }

  /** A component that never reported counts as down: a loop that never started is not healthy. */
  expect(...names: string[]): void {
    for (const n of names) if (!this.components.has(n)) this.down(n, 'starting');
  }

  snapshot(): { status: 'up' | 'down'; components: Record<string, ComponentHealth> } {
    const components = Object.fromEntries(this.components);
    const status = [...this.components.values()].every((c) => c.up) ? 'up' : 'down';
    return { status, components };
  }
}
