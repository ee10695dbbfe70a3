import { InputError } from '../base/errors.js';
import type { Labels } from '../base/matrix.js';

function sameLength(yTrue: Labels, yPred: Labels): void {
  if (yTrue.length !== yPred.length) {
    throw new InputError(`yTrue has ${yTrue.length} labels but yPred has ${yPred.length}.`);
  }
}

/** Fraction of predictions equal to the truth (sklearn's `accuracy_score`). */
export function accuracyScore(yTrue: Labels, yPred: Labels): number {
  sameLength(yTrue, yPred);
  let hit = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hit++;
  return yTrue.length === 0 ? 0 : hit / yTrue.length;
}

/** The sorted labels present in either array. */
export function uniqueLabels(...ys: Labels[]): number[] {
  const s = new Set<number>();
  for (const y of ys) for (let i = 0; i < y.length; i++) s.add(y[i]);
  return [...s].sort((a, b) => a - b);
}

/**
 * Confusion matrix C, where C[i][j] counts samples of true class labels[i] predicted as
 * labels[j] (sklearn's `confusion_matrix`); `labels` default to the sorted labels present.
 */
export function confusionMatrix(
  yTrue: Labels,
  yPred: Labels,
  labels: number[] = uniqueLabels(yTrue, yPred),
): number[][] {
  sameLength(yTrue, yPred);
  const index = new Map(labels.map((l, i) => [l, i]));
  const m = labels.map(() => new Array<number>(labels.length).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const a = index.get(yTrue[i]);
    const b = index.get(yPred[i]);
    if (a !== undefined && b !== undefined) m[a][b]++;
  }
  return m;
}

/** Precision, recall, F1 and support of one class, or of an average. */
export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** Per-class scores plus accuracy and the macro and support-weighted averages. */
export interface ClassificationReport {
  classes: (ClassScores & { label: number; name: string })[];
  accuracy: number;
  macroAvg: ClassScores;
  weightedAvg: ClassScores;
}

/**
 * sklearn's `classification_report` as data: 0 where a ratio is 0/0 (sklearn's
 * zero_division default, without the warning). `names` label the classes (e.g. class names).
 */
export function classificationReport(
  yTrue: Labels,
  yPred: Labels,
  names?: readonly string[],
): ClassificationReport {
  const labels = uniqueLabels(yTrue, yPred);
  const cm = confusionMatrix(yTrue, yPred, labels);
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  const classes = labels.map((label, i) => {
    const tp = cm[i][i];
    const support = cm[i].reduce((a, b) => a + b, 0);
    const predicted = cm.reduce((a, row) => a + row[i], 0);
    const precision = ratio(tp, predicted);
    const recall = ratio(tp, support);
    return {
      label,
      name: names?.[label] ?? String(label),
      precision,
      recall,
      f1: ratio(2 * precision * recall, precision + recall),
      support,
    };
  });
  const total = classes.reduce((a, c) => a + c.support, 0);
  const avg = (w: (c: ClassScores) => number, norm: number): ClassScores => ({
    precision: classes.reduce((a, c) => a + w(c) * c.precision, 0) / norm,
    recall: classes.reduce((a, c) => a + w(c) * c.recall, 0) / norm,
    f1: classes.reduce((a, c) => a + w(c) * c.f1, 0) / norm,
    support: total,
  });
  return {
    classes,
    accuracy: accuracyScore(yTrue, yPred),
    macroAvg: avg(() => 1, Math.max(1, classes.length)),
    weightedAvg: avg((c) => c.support, Math.max(1, total)),
  };
}

/** The report as sklearn prints it. */
export function formatClassificationReport(r: ClassificationReport): string {
  const w = Math.max(12, ...r.classes.map((c) => c.name.length));
  const f = (x: number) => x.toFixed(4).padStart(10);
  const line = (name: string, s: ClassScores) =>
    `${name.padStart(w)}${f(s.precision)}${f(s.recall)}${f(s.f1)}${String(s.support).padStart(10)}`;
  return [
    `${''.padStart(w)}${'precision'.padStart(10)}${'recall'.padStart(10)}${'f1-score'.padStart(10)}${'support'.padStart(10)}`,
    '',
    ...r.classes.map((c) => line(c.name, c)),
    '',
    `${'accuracy'.padStart(w)}${''.padStart(20)}${f(r.accuracy)}${String(r.macroAvg.support).padStart(10)}`,
    line('macro avg', r.macroAvg),
    line('weighted avg', r.weightedAvg),
  ].join('\n');
}
