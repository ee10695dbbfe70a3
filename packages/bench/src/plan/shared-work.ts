import type { Matrix } from '@fmnist/ml';

/** Predictions for each configuration of a group, from one repeat of shared work. */
export interface GroupRepeat {
  predictions: Int32Array[];
  /** Per configuration: the shared fit time plus its own (as if it had run alone), ms. */
  fitMs: number[];
  predictMs: number[];
}

/**
 * Work that several configurations of one family can share exactly (the planner's groups). A
 * group's records must equal those of running its configurations one by one (tested).
 */
export interface SharedWork {
  family: string;
  /** Configurations with the same key share work; undefined = runs alone. */
  key(parameter: Record<string, unknown>): string | undefined;
  /** One repeat for all configurations of a group on the same shuffled training set and seed. */
  runRepeat(
    parameters: Record<string, unknown>[],
    X: Matrix,
    y: Int32Array,
    Xt: Matrix,
    seed: number,
  ): GroupRepeat;
}

/** Shared-work plans by sklearn class name (the benchmark's: SHARED_PLANS in ./shared-plans.ts). */
export type SharedPlans = Readonly<Record<string, SharedWork>>;
