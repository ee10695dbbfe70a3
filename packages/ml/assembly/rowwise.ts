// Row-wise reductions used by classifiers: argmax, softmax, log-sum-exp.
// NaN rules follow numpy/scipy: argmax returns the first NaN; max propagates NaN.

/** out[i] ← index of the first maximum of row i (first NaN wins, as in numpy); -1 for n == 0. */
export function argmax_f32(m: i32, n: i32, a: usize, out: usize): void {
  for (let i = 0; i < m; i++) {
    const row = a + ((<usize>i * <usize>n) << 2);
    let best: i32 = -1;
    if (n > 0) {
      let bv = load<f32>(row);
      best = 0;
      if (bv == bv) {
        for (let j = 1; j < n; j++) {
          const v = load<f32>(row + ((<usize>j) << 2));
          if (v != v) {
            best = j;
            break;
          }
          if (v > bv) {
            bv = v;
            best = j;
          }
        }
      }
    }
    store<i32>(out + ((<usize>i) << 2), best);
  }
}

function row_max(row: usize, n: i32): f32 {
  let mx: f32 = -Infinity;
  for (let j = 0; j < n; j++) {
    const v = load<f32>(row + ((<usize>j) << 2));
    if (v != v) return v;
    if (v > mx) mx = v;
  }
  return mx;
}

/** out[i,:] ← exp(a − max) / Σ exp(a − max) (shift by the row max: no overflow). out may alias a. */
export function softmax_f32(m: i32, n: i32, a: usize, out: usize): void {
  for (let i = 0; i < m; i++) {
    const off = (<usize>i * <usize>n) << 2;
    const row = a + off;
    const orow = out + off;
    const mx = row_max(row, n);
    let s: f32 = 0;
    for (let j = 0; j < n; j++) {
      const e = Mathf.exp(load<f32>(row + ((<usize>j) << 2)) - mx);
      store<f32>(orow + ((<usize>j) << 2), e);
      s += e;
    }
    const inv: f32 = 1 / s;
    for (let j = 0; j < n; j++) {
      const q = orow + ((<usize>j) << 2);
      store<f32>(q, load<f32>(q) * inv);
    }
  }
}

/** out[i] ← log Σ_j exp(a[i,j]), shifted by the row max; ±Inf maxima give ±Inf (as scipy). */
export function logsumexp_f32(m: i32, n: i32, a: usize, out: usize): void {
  for (let i = 0; i < m; i++) {
    const row = a + ((<usize>i * <usize>n) << 2);
    let mx = row_max(row, n);
    if (mx == Infinity || mx == -Infinity) mx = 0;
    let s: f32 = 0;
    for (let j = 0; j < n; j++) s += Mathf.exp(load<f32>(row + ((<usize>j) << 2)) - mx);
    store<f32>(out + ((<usize>i) << 2), mx + Mathf.log(s));
  }
}
