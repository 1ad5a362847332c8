/** Wall time of a run's phases, for `--timings` and the bench: `mark(name)` ends the phase of that name. */
export class Timings {
  readonly phases: [string, number][] = [];
  private last = performance.now();

  readonly mark = (name: string): void => {
    const now = performance.now();
    this.phases.push([name, Math.round(now - this.last)]);
    this.last = now;
  };

  toString(): string {
    return this.phases.map(([name, ms]) => `${name} ${(ms / 1000).toFixed(2)} s`).join(', ');
  }
}
