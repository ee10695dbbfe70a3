import type { SourceFault } from './http-download.js';

/** Why a source was set aside, and when. */
export interface Demotion {
  fault: SourceFault;
  /** The failure that set it aside, as reported. */
  reason: string;
  /** It failed again on the one more try it gets when no other source is left: not tried so again. */
  confirmed?: boolean;
}

/**
 * The per-run health of the download sources. A source that is silent, unreachable or keeps
 * failing (see {@link SourceFault}) is demoted: every file still to be fetched tries the healthy
 * sources first, in their given order, and the demoted ones only after those, as a last resort.
 * Without this, each of the four files paid a dead first mirror's timeouts again (the complaint
 * torchvision users have about its first mirror). Wrong bytes or a missing file do not demote:
 * they say something about one file, and the source's other files are still worth having.
 */
export class SourceHealth {
  readonly #sources: readonly URL[];
  readonly #demoted = new Map<string, Demotion>();

  constructor(sources: readonly URL[]) {
    this.#sources = sources;
  }

  /** The sources in the order to try them now: healthy ones first, then the demoted ones in the order they failed. */
  order(): URL[] {
    const healthy = this.#sources.filter((s) => !this.#demoted.has(s.href));
    const demoted = [...this.#demoted.keys()].map((h) => this.#sources.find((s) => s.href === h)!);
    return [...healthy, ...demoted];
  }

  /** The first source in {@link order} that `tried` does not hold. */
  next(tried: ReadonlySet<string>): URL | undefined {
    return this.order().find((s) => !tried.has(s.href));
  }

  /** Demotes `source`; true the first time only (so that it is reported once). */
  demote(source: URL, demotion: Demotion): boolean {
    if (this.#demoted.has(source.href)) return false;
    this.#demoted.set(source.href, demotion);
    return true;
  }

  /** Notes that a demoted `source` failed its one more try too. */
  confirm(source: URL): void {
    const d = this.#demoted.get(source.href);
    if (d) d.confirmed = true;
  }

  /** Why `source` was demoted, if it was. */
  demotion(source: URL): Demotion | undefined {
    return this.#demoted.get(source.href);
  }
}

/** The faults that demote a source for the rest of the run. */
export function demotes(fault: SourceFault): boolean {
  return fault !== 'missing';
}
