import type { MatrixLike } from '../base/matrix.js';

/**
 * An ensemble fitted stage by stage (boosting stages, forest trees) whose first s stages are
 * the s-stage model: tree t's seed is the t-th draw of one stream, so stage s does not depend on
 * how many stages follow it. One fit of the most stages thus gives every smaller model, which is
 * how the benchmark's 10/50/100-stage rows share one fit.
 */
export interface StagedEnsemble {
  /**
   * Called after each stage of `fit` with the stage (1-based) and the milliseconds since `fit`
   * began (what a fit of that many stages would have taken). Not saved with the model.
   */
  onStage?: (stage: number, elapsedMs: number) => void;
  /**
   * The predicted labels of the first s stages for each s in `stages` (sklearn's
   * `staged_predict`, sampled at the counts given).
   */
  stagedPredict(X: MatrixLike, stages: number[]): Int32Array[];
}

/** Whether `model` is a {@link StagedEnsemble}. */
export function isStagedEnsemble(model: unknown): model is StagedEnsemble {
  return (
    typeof model === 'object' &&
    model !== null &&
    typeof (model as StagedEnsemble).stagedPredict === 'function' &&
    'onStage' in model
  );
}
