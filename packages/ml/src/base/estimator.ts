import { NotFittedError, ParameterError } from './errors.js';
import { validateParams, withDefaults, type ParamTable } from './params.js';
import { decodeState, encodeState, type StateValue } from './serialize.js';

/** The saved form of an estimator: `JSON.stringify(model)` writes it, `X.fromJSON` reads it. */
export interface EstimatorJSON {
  format: 'fmnist-estimator';
  version: 1;
  estimator: string;
  params: Record<string, unknown>;
  state: unknown;
}

/**
 * sklearn's estimator contract: the constructor only stores options (merged over the defaults of
 * the class's parameter table, unknown names rejected); `fit` validates them and learns; learned
 * attributes end in `_`. Subclasses list their fitted attributes in `getState`/`setState` so that
 * save/load is one generic mechanism.
 */
export abstract class Estimator<P extends object> {
  /** The options as given, over sklearn's defaults. */
  readonly params: P;
  protected fitted = false;

  constructor(table: ParamTable, options: Partial<P>) {
    this.params = withDefaults<P>(this.constructor.name, table, options);
  }

  /** The parameter table of this estimator class. */
  protected abstract get paramTable(): ParamTable;

  /** sklearn's `get_params()`. */
  getParams(): P {
    return { ...this.params };
  }

  /** Validates the options against the table; `fit` calls it first. */
  protected validate(): void {
    validateParams(this.constructor.name, this.paramTable, this.params);
  }

  /** Throws {@link NotFittedError} unless `fit` has run. */
  protected checkFitted(): void {
    if (!this.fitted) throw new NotFittedError(this.constructor.name);
  }

  /** The fitted attributes to save. */
  protected abstract getState(): Record<string, StateValue>;
  /** Restores what `getState` returned. */
  protected abstract setState(state: Record<string, StateValue>): void;

  /** The fitted model as JSON-safe data (typed arrays in base64). */
  toJSON(): EstimatorJSON {
    this.checkFitted();
    return {
      format: 'fmnist-estimator',
      version: 1,
      estimator: this.constructor.name,
      params: this.params as Record<string, unknown>,
      state: encodeState(this.getState()),
    };
  }

  /** Rebuilds a fitted estimator saved by `toJSON` (as an object or a JSON string). */
  static fromJSON<T extends Estimator<object>>(
    this: new (options: never) => T,
    json: EstimatorJSON | string,
  ): T {
    const j = (typeof json === 'string' ? JSON.parse(json) : json) as EstimatorJSON;
    if (j?.format !== 'fmnist-estimator')
      throw new ParameterError('not a saved fmnist estimator (format field missing).');
    if (j.estimator !== this.name) {
      throw new ParameterError(
        `saved model is a ${j.estimator}, cannot load it as a ${this.name}.`,
      );
    }
    const model = new this(j.params as never);
    model.setState(decodeState(j.state) as Record<string, StateValue>);
    model.fitted = true;
    return model;
  }
}
