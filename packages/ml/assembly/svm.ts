// libsvm's SMO inner loops (src/svm/smo.ts): the working-set selection (WSS3) and the gradient
// update over the active variables, in exactly the arithmetic of the TypeScript reference, so
// both paths take the same steps (tested). Position-indexed state: G, y (±1), QD as f64,
// status as u8 (0 lower bound, 1 upper bound, 2 free), act (position → problem row) as i32;
// kernel rows are f32 by problem row.

const TAU: f64 = 1e-12;
const LOWER: u8 = 0;
const UPPER: u8 = 1;

/** WSS3, first half: the i maximising −y·G over I_up; gmax goes to out[0]. Returns i or −1. */
export function smo_select_i(active: i32, G: usize, y: usize, status: usize, out: usize): i32 {
  let gmax = -Infinity;
  let i = -1;
  for (let t = 0; t < active; t++) {
    const g = load<f64>(G + ((<usize>t) << 3));
    const st = load<u8>(status + <usize>t);
    if (load<f64>(y + ((<usize>t) << 3)) == 1) {
      if (st != UPPER && -g >= gmax) {
        gmax = -g;
        i = t;
      }
    } else if (st != LOWER && g >= gmax) {
      gmax = g;
      i = t;
    }
  }
  store<f64>(out, gmax);
  return i;
}

/**
 * WSS3, second half: the j that minimises the second-order objective −(Δ²)/quad against i (row
 * `Ki` of i's kernel values); gmax2 (the largest y·G over I_low) goes to out[1]. Returns j or −1.
 */
export function smo_select_j(
  active: i32,
  G: usize,
  y: usize,
  status: usize,
  QD: usize,
  act: usize,
  Ki: usize,
  i: i32,
  gmax: f64,
  out: usize,
): i32 {
  const yi = load<f64>(y + ((<usize>i) << 3));
  const qdi = load<f64>(QD + ((<usize>i) << 3));
  let gmax2 = -Infinity;
  let best = Infinity;
  let j = -1;
  for (let t = 0; t < active; t++) {
    const g = load<f64>(G + ((<usize>t) << 3));
    const st = load<u8>(status + <usize>t);
    if (load<f64>(y + ((<usize>t) << 3)) == 1) {
      if (st == LOWER) continue;
      const diff = gmax + g;
      if (g >= gmax2) gmax2 = g;
      if (diff > 0) {
        const k = <f64>load<f32>(Ki + ((<usize>load<i32>(act + ((<usize>t) << 2))) << 2));
        const quad = qdi + load<f64>(QD + ((<usize>t) << 3)) - 2 * yi * (yi * k);
        const obj = -(diff * diff) / (quad > 0 ? quad : TAU);
        if (obj <= best) {
          j = t;
          best = obj;
        }
      }
    } else {
      if (st == UPPER) continue;
      const diff = gmax - g;
      if (-g >= gmax2) gmax2 = -g;
      if (diff > 0) {
        const k = <f64>load<f32>(Ki + ((<usize>load<i32>(act + ((<usize>t) << 2))) << 2));
        const quad = qdi + load<f64>(QD + ((<usize>t) << 3)) + 2 * yi * (-yi * k);
        const obj = -(diff * diff) / (quad > 0 ? quad : TAU);
        if (obj <= best) {
          j = t;
          best = obj;
        }
      }
    }
  }
  store<f64>(out, gmax2, 8);
  return j;
}

/** G[t] += y[t]·(Ki[act[t]]·si + Kj[act[t]]·sj) over the active positions. */
export function smo_update_g(
  active: i32,
  G: usize,
  y: usize,
  act: usize,
  Ki: usize,
  Kj: usize,
  si: f64,
  sj: f64,
): void {
  for (let t = 0; t < active; t++) {
    const r = (<usize>load<i32>(act + ((<usize>t) << 2))) << 2;
    const p = G + ((<usize>t) << 3);
    const v = <f64>load<f32>(Ki + r) * si + <f64>load<f32>(Kj + r) * sj;
    store<f64>(p, load<f64>(p) + load<f64>(y + ((<usize>t) << 3)) * v);
  }
}
