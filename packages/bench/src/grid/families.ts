/** Short names people type for the benchmark's classifier families (`--only KNN,SVC`). */
export const FAMILY_ALIASES: Record<string, string> = {
  KNN: 'KNeighborsClassifier',
  DT: 'DecisionTreeClassifier',
  ET: 'ExtraTreeClassifier',
  RF: 'RandomForestClassifier',
  GB: 'GradientBoostingClassifier',
  GBDT: 'GradientBoostingClassifier',
  LR: 'LogisticRegression',
  LOGREG: 'LogisticRegression',
  MLP: 'MLPClassifier',
  NB: 'GaussianNB',
  GNB: 'GaussianNB',
  SGD: 'SGDClassifier',
  PA: 'PassiveAggressiveClassifier',
  GP: 'GaussianProcessClassifier',
  GPC: 'GaussianProcessClassifier',
};

/** Resolves `--only` names: sklearn class names as they are, or an alias (case-insensitive). */
export function resolveFamilies(names: string[]): string[] {
  return names.map((n) => FAMILY_ALIASES[n.toUpperCase()] ?? n);
}
