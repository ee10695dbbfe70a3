/** One estimator benchmark case: an sklearn-named configuration and the rows it trains/tests on. */
export interface EstimatorCase {
  family: 'nb' | 'linear' | 'knn' | 'tree' | 'mlp' | 'svm' | 'gp';
  name: string;
  parameter: Record<string, unknown>;
  /** First rows of the (scaled) training set; default all 60,000. */
  train_rows?: number;
  /** First rows of the test set; default all 10,000. */
  test_rows?: number;
}

/**
 * The cases of `npm run bench:estimators`, chosen where benchmark-semantics.md gives sklearn
 * reference times on this machine (same rows, same 0.19 settings), plus LogisticRegression l1
 * (the grid's slowest built family; C=10 on 5,000 rows keeps the sklearn side to minutes), and
 * the tree family (a forest of the grid's default 10 trees; 10 boosting stages on 10,000 rows,
 * where sklearn needs 702 s on the full data).
 */
export const ESTIMATOR_CASES: EstimatorCase[] = [
  { family: 'nb', name: 'GaussianNB', parameter: {} },
  { family: 'nb', name: 'GaussianNB', parameter: { priors: new Array(10).fill(0.1) } },
  { family: 'linear', name: 'SGDClassifier', parameter: { loss: 'hinge', penalty: 'l2' } },
  { family: 'linear', name: 'SGDClassifier', parameter: { loss: 'log', penalty: 'l2' } },
  { family: 'linear', name: 'Perceptron', parameter: { penalty: 'l1' } },
  { family: 'linear', name: 'PassiveAggressiveClassifier', parameter: { C: 1 } },
  {
    family: 'linear',
    name: 'LogisticRegression',
    parameter: { penalty: 'l2', C: 1 },
    train_rows: 10_000,
  },
  {
    family: 'linear',
    name: 'LogisticRegression',
    parameter: { penalty: 'l1', C: 1 },
    train_rows: 10_000,
  },
  {
    family: 'linear',
    name: 'LogisticRegression',
    parameter: { penalty: 'l1', C: 10 },
    train_rows: 5_000,
  },
  { family: 'linear', name: 'LinearSVC', parameter: { loss: 'hinge', C: 1 }, train_rows: 10_000 },
  {
    family: 'linear',
    name: 'LinearSVC',
    parameter: { loss: 'squared_hinge', C: 1 },
    train_rows: 10_000,
  },
  { family: 'knn', name: 'KNeighborsClassifier', parameter: { n_neighbors: 5 } },
  {
    family: 'knn',
    name: 'KNeighborsClassifier',
    parameter: { n_neighbors: 5, weights: 'distance' },
  },
  {
    family: 'knn',
    name: 'KNeighborsClassifier',
    parameter: { n_neighbors: 5, p: 1 },
    test_rows: 1_000,
  },
  {
    family: 'tree',
    name: 'DecisionTreeClassifier',
    parameter: { criterion: 'entropy', max_depth: 10 },
  },
  {
    family: 'tree',
    name: 'DecisionTreeClassifier',
    parameter: { criterion: 'gini', max_depth: 100 },
  },
  {
    family: 'tree',
    name: 'DecisionTreeClassifier',
    parameter: { criterion: 'gini', splitter: 'random', max_depth: 50 },
  },
  { family: 'tree', name: 'ExtraTreeClassifier', parameter: { criterion: 'gini', max_depth: 10 } },
  {
    family: 'tree',
    name: 'GradientBoostingClassifier',
    parameter: { n_estimators: 10, max_depth: 3 },
    train_rows: 10_000,
  },
  {
    family: 'tree',
    name: 'RandomForestClassifier',
    parameter: { criterion: 'entropy', n_estimators: 10, max_depth: 50 },
  },
  {
    family: 'mlp',
    name: 'MLPClassifier',
    parameter: { hidden_layer_sizes: '(100,)', activation: 'relu' },
  },
  {
    family: 'mlp',
    name: 'MLPClassifier',
    parameter: { hidden_layer_sizes: '(10,)', activation: 'tanh' },
  },
  {
    family: 'svm',
    name: 'SVC',
    parameter: { C: 10, kernel: 'rbf' },
    train_rows: 10_000,
  },
  // The grid's slowest SVC kernel: the solver's iterations, not the kernel values, dominate.
  {
    family: 'svm',
    name: 'SVC',
    parameter: { C: 1, kernel: 'linear' },
    train_rows: 10_000,
  },
  // sklearn factors the n × n Laplace matrix densely: one_vs_rest (ten problems on every row)
  // on 2,000 rows keeps its side to minutes; one_vs_one's 45 pair problems on 5,000.
  {
    family: 'gp',
    name: 'GaussianProcessClassifier',
    parameter: { multi_class: 'one_vs_one' },
    train_rows: 5_000,
    test_rows: 2_000,
  },
  {
    family: 'gp',
    name: 'GaussianProcessClassifier',
    parameter: { multi_class: 'one_vs_rest' },
    train_rows: 2_000,
    test_rows: 2_000,
  },
];
