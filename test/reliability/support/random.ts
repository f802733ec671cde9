/** A small seeded generator (mulberry32): the same seed gives the same inputs, run after run. */
export class Random {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  private readonly alphabets = new Map<string, string[]>();

  /** `n` characters drawn from `alphabet` (a string of code points). */
  chars(alphabet: string, n: number): string {
    let points = this.alphabets.get(alphabet);
    if (!points) {
      points = [...alphabet];
      this.alphabets.set(alphabet, points);
    }
    let out = '';
    for (let i = 0; i < n; i++) out += this.pick(points);
    return out;
  }
}
