// Steps 2–7 of the conversion for one RGB picture, in one call and without allocating: the same
// arithmetic as the TypeScript steps (src/steps/*.ts, src/pipeline.ts), operation for operation,
// so the bytes are identical (test/steps/fast-paths.test.ts). The caller lays out memory:
//
//   result   6 i32: found (0/1), box x, y, width, height, contrast
//   src      the picture, w × h × 3 bytes, rows top to bottom, and at least 16 bytes after it
//            (the trim reads 16 bytes at a time)
//   kernel   the 3×3 sharpen weights, 9 f64 (row-major, sharpenKernel's)
//   work     work_bytes(size) of scratch: the padded f64 sample, its column offsets, the
//            sharpened sample and a histogram
//   out      size² bytes: the result
//
// Memory is the module's own, from heap_base() on; the caller grows it (memory.grow) to fit.

/** 16 bytes of scratch for a colour pattern. */
const PATTERN = memory.data(16, 16);

/** Where the caller's memory starts (after this module's static data). */
export function heap_base(): usize {
  return (__heap_base + 15) & ~15;
}

/** ImageMagick's sample offset, `0.5 − MagickEpsilon` (src/steps/sample.ts). */
const OFFSET: f64 = 0.5 - 1e-12;
/** Rec. 709 luma weights (src/steps/grayscale.ts). */
const WR: f64 = 0.212656;
const WG: f64 = 0.715158;
const WB: f64 = 0.072186;

/** `roundHalfUp` of src/raw-image.ts, for 0 ≤ x < 2³¹ − 1. */
function roundHalfUp(x: f64): i32 {
  return x == 0.49999999999999994 ? 0 : <i32>(x + 0.5);
}

/** Step 7 of step 6 of the RGB sample at `p`: `grayscale(negate(·))` of that pixel. */
export function greyOfNegated(p: usize): i32 {
  return roundHalfUp(
    WR * <f64>(255 - <i32>load<u8>(p)) +
      WG * <f64>(255 - <i32>load<u8>(p + 1)) +
      WB * <f64>(255 - <i32>load<u8>(p + 2)),
  );
}

function dist2(p: usize, r: i32, g: i32, b: i32): i32 {
  const dr = <i32>load<u8>(p) - r;
  const dg = <i32>load<u8>(p + 1) - g;
  const db = <i32>load<u8>(p + 2) - b;
  return dr * dr + dg * dg + db * db;
}

/** `floor(a / b)` of a small non-negative quotient, as `Math.floor` of the f64 division. */
function floorDiv(a: f64, b: f64): i32 {
  return <i32>Math.floor(a / b);
}

let left = 0;
let top = 0;
let right = 0;
let bottom = 0;

/** Copies one padded pixel (3 f64) from `from` to `to` (memory.copy calls out of V8's code). */
function copy24(to: usize, from: usize): void {
  v128.store(to, v128.load(from));
  store<f64>(to, load<f64>(from, 16), 16);
}

/** 16 bytes: the colour at `p` five times, then a zero. */
function fivePixels(p: usize): v128 {
  const at: usize = PATTERN;
  for (let i: usize = 0; i < 15; i += 3) {
    store<u8>(at + i, load<u8>(p));
    store<u8>(at + i + 1, load<u8>(p + 1));
    store<u8>(at + i + 2, load<u8>(p + 2));
  }
  store<u8>(at + 15, 0);
  return v128.load(at);
}

/**
 * True when the five pixels from `p` are all within `t` of `colour` in every channel: then each
 * is similar (d² ≤ 3t² ≤ limit). A sufficient test only; the 16th byte is ignored (`slack` 255).
 */
function fiveSimilar(p: usize, colour: v128, slack: v128): bool {
  const v = v128.load(p);
  const d = v128.or(i8x16.sub_sat_u(v, colour), i8x16.sub_sat_u(colour, v));
  return !v128.any_true(i8x16.sub_sat_u(d, slack));
}

/** Step 2: the edges of the trim box, into the globals (trimBox's edgesRgb, same results). */
function trimEdges(src: usize, w: i32, h: i32, limit: f64): void {
  const rowBytes = <usize>(w * 3);
  const tr = src + <usize>((w - 1) * 3);
  const bl = src + <usize>(h - 1) * rowBytes;
  const r0 = <i32>load<u8>(src);
  const g0 = <i32>load<u8>(src + 1);
  const b0 = <i32>load<u8>(src + 2);
  const r1 = <i32>load<u8>(tr);
  const g1 = <i32>load<u8>(tr + 1);
  const b1 = <i32>load<u8>(tr + 2);
  const r2 = <i32>load<u8>(bl);
  const g2 = <i32>load<u8>(bl + 1);
  const b2 = <i32>load<u8>(bl + 2);
  // Squared distances are whole numbers: `d² > limit` is `d² > floor(limit)`.
  const lim = <i32>Math.floor(limit);
  // Runs of five pixels whose channels are all within `t` of the corner's are skipped whole.
  let t = <i32>Math.floor(Math.sqrt(<f64>lim / 3));
  while (3 * t * t > lim) t--;
  const slack = i8x16.replace_lane(i8x16.splat(<i8>t), 15, <i8>255);
  const c0 = fivePixels(src);
  const c1 = fivePixels(tr);
  const c2 = fivePixels(bl);
  // With the three corners of one colour (the usual plain background), "does this row differ
  // anywhere" (the bottom edge's test) follows from the two end scans and the part between them.
  const same = r0 == r1 && g0 == g1 && b0 == b1 && r0 == r2 && g0 == g2 && b0 == b2;
  left = w;
  top = h;
  right = 0;
  bottom = 0;
  for (let y = 0; y < h; y++) {
    const row = src + <usize>y * rowBytes;
    const wholeRow = left == w; // the left scan covers the whole row
    let found = false;
    let x = 0;
    while (x < left) {
      const p = row + <usize>(x * 3);
      if (x + 5 <= left && fiveSimilar(p, c0, slack)) {
        x += 5;
        continue;
      }
      if (dist2(p, r0, g0, b0) > lim) {
        left = x;
        if (y < top) top = y;
        found = true;
        break;
      }
      x++;
    }
    if (!(same && wholeRow && !found)) {
      x = w - 1;
      while (x > right) {
        if (x - 5 >= right && fiveSimilar(row + <usize>((x - 4) * 3), c1, slack)) {
          x -= 5;
          continue;
        }
        if (dist2(row + <usize>(x * 3), r1, g1, b1) > lim) {
          right = x;
          found = true;
          break;
        }
        x--;
      }
    }
    if (y > bottom) {
      if (same) {
        // Unless an end scan found a pixel, only [left, right] is still unseen.
        if (found || differsIn(row, left, right, c2, slack, r2, g2, b2, lim)) bottom = y;
      } else if (differsIn(row, 0, w - 1, c2, slack, r2, g2, b2, lim)) bottom = y;
    }
  }
}

/** True when a pixel of columns `from`–`to` of `row` differs from (r, g, b) (`c`, `slack` as above). */
function differsIn(
  row: usize,
  from: i32,
  to: i32,
  c: v128,
  slack: v128,
  r: i32,
  g: i32,
  b: i32,
  lim: i32,
): bool {
  let x = from;
  while (x <= to) {
    const p = row + <usize>(x * 3);
    if (x + 4 <= to && fiveSimilar(p, c, slack)) {
      x += 5;
      continue;
    }
    if (dist2(p, r, g, b) > lim) return true;
    x++;
  }
  return false;
}

export function work_bytes(size: i32): i32 {
  return (size + 2) * (size + 2) * 24 + size * 4 + size * size * 3 + 16 + 1024;
}

export function convert_rgb(
  src: usize,
  w: i32,
  h: i32,
  size: i32,
  limit: f64,
  fillLevel: i32,
  kernel: usize,
  work: usize,
  out: usize,
  result: usize,
): void {
  trimEdges(src, w, h, limit);
  const rowBytes = <usize>(w * 3);
  const n = size * size;
  if (right == 0 || bottom == 0 || right < left || bottom < top) {
    memory.fill(out, <u8>fillLevel, <usize>n);
    store<i32>(result, 0);
    store<i32>(result, 0, 20);
    return;
  }
  const bx = left;
  const by = top;
  const bw = right - left + 1;
  const bh = bottom - top + 1;

  // Step 3: subsample the box so its longest edge is `size` (fitSize, sampleRegion), into a
  // padded f64 copy: one pixel more on every side, repeating the edge pixels as sharpen does.
  const scale = Math.min(<f64>size / <f64>bw, <f64>size / <f64>bh);
  let fw = <i32>Math.floor(<f64>bw * scale + 0.5);
  let fh = <i32>Math.floor(<f64>bh * scale + 0.5);
  if (fw < 1) fw = 1;
  if (fh < 1) fh = 1;
  const padRow = <usize>((fw + 2) * 24); // bytes per padded row
  const pad = work;
  const cols = pad + <usize>(fh + 2) * padRow;
  for (let x = 0; x < fw; x++) {
    store<i32>(cols + ((<usize>x) << 2), (bx + floorDiv((<f64>x + OFFSET) * <f64>bw, <f64>fw)) * 3);
  }
  for (let y = 0; y < fh; y++) {
    const sy = by + floorDiv((<f64>y + OFFSET) * <f64>bh, <f64>fh);
    const row = src + <usize>sy * rowBytes;
    const line = pad + <usize>(y + 1) * padRow;
    let d = line + 24;
    for (let x = 0; x < fw; x++) {
      const p = row + <usize>load<i32>(cols + ((<usize>x) << 2));
      store<f64>(d, <f64>load<u8>(p));
      store<f64>(d, <f64>load<u8>(p + 1), 8);
      store<f64>(d, <f64>load<u8>(p + 2), 16);
      d += 24;
    }
    copy24(line, line + 24);
    copy24(d, d - 24);
  }
  for (let i: usize = 0; i < padRow; i += 24) {
    copy24(pad + i, pad + padRow + i);
    copy24(pad + <usize>(fh + 1) * padRow + i, pad + <usize>fh * padRow + i);
  }

  // Step 4: sharpen (sharpen3: the nine products summed row by row, left to right), two values
  // at a time; clamped to 0–255 and rounded as roundHalfUp does.
  const sharp = cols + ((<usize>size) << 2);
  const k0 = v128.load64_splat(kernel);
  const k1 = v128.load64_splat(kernel + 8);
  const k2 = v128.load64_splat(kernel + 16);
  const k3 = v128.load64_splat(kernel + 24);
  const k4 = v128.load64_splat(kernel + 32);
  const k5 = v128.load64_splat(kernel + 40);
  const k6 = v128.load64_splat(kernel + 48);
  const k7 = v128.load64_splat(kernel + 56);
  const k8 = v128.load64_splat(kernel + 64);
  const half = f64x2.splat(0.5);
  const zero = f64x2.splat(0);
  const top255 = f64x2.splat(255);
  const below = f64x2.splat(0.49999999999999994);
  const values = fw * 3;
  for (let y = 0; y < fh; y++) {
    let c = pad + <usize>(y + 1) * padRow + 24;
    let dst = sharp + <usize>(y * values);
    for (let j = 0; j < values; j += 2) {
      const u = c - padRow;
      const v = c + padRow;
      let acc = f64x2.mul(k0, v128.load(u - 24));
      acc = f64x2.add(acc, f64x2.mul(k1, v128.load(u)));
      acc = f64x2.add(acc, f64x2.mul(k2, v128.load(u + 24)));
      acc = f64x2.add(acc, f64x2.mul(k3, v128.load(c - 24)));
      acc = f64x2.add(acc, f64x2.mul(k4, v128.load(c)));
      acc = f64x2.add(acc, f64x2.mul(k5, v128.load(c + 24)));
      acc = f64x2.add(acc, f64x2.mul(k6, v128.load(v - 24)));
      acc = f64x2.add(acc, f64x2.mul(k7, v128.load(v)));
      acc = f64x2.add(acc, f64x2.mul(k8, v128.load(v + 24)));
      // pmin/pmax (no NaN here) are single instructions; min/max cost several.
      let t = f64x2.pmin(f64x2.pmax(f64x2.add(acc, half), zero), top255);
      t = v128.andnot(t, f64x2.eq(acc, below));
      const q = i32x4.trunc_sat_f64x2_s_zero(t);
      store<u8>(dst, <u8>i32x4.extract_lane(q, 0));
      store<u8>(dst, <u8>i32x4.extract_lane(q, 1), 1); // past the row's end when odd: overwritten
      c += 16;
      dst += 2;
    }
  }

  // Steps 5–7: centred on the fill, negated, grey (extentNegateGrey).
  memory.fill(out, <u8>fillLevel, <usize>n);
  const ox = (size >> 1) - (fw >> 1);
  const oy = (size >> 1) - (fh >> 1);
  const x0 = ox < 0 ? -ox : 0;
  const x1 = fw < size - ox ? fw : size - ox;
  for (let y = oy < 0 ? -oy : 0; y < fh && y + oy < size; y++) {
    let s = sharp + <usize>((y * fw + x0) * 3);
    let t = out + <usize>((y + oy) * size + x0 + ox);
    for (let x = x0; x < x1; x++) {
      store<u8>(t, <u8>greyOfNegated(s));
      s += 3;
      t++;
    }
  }

  // The product's contrast: the 98th percentile of |pixel − fill| (percentileDistance).
  const hist = (sharp + <usize>(n * 3) + 2 + 7) & ~7; // 256 u32 after the sharpened sample
  memory.fill(hist, 0, 1024);
  for (let i = 0; i < n; i++) {
    const d = <i32>load<u8>(out + <usize>i) - fillLevel;
    const p = hist + ((<usize>(d < 0 ? -d : d)) << 2);
    store<u32>(p, load<u32>(p) + 1);
  }
  const rank = <u32>Math.floor(0.98 * <f64>(n - 1));
  let seen: u32 = 0;
  let contrast = 255;
  for (let d = 0; d < 256; d++) {
    seen += load<u32>(hist + ((<usize>d) << 2));
    if (seen > rank) {
      contrast = d;
      break;
    }
  }
  store<i32>(result, 1);
  store<i32>(result, bx, 4);
  store<i32>(result, by, 8);
  store<i32>(result, bw, 12);
  store<i32>(result, bh, 16);
  store<i32>(result, contrast, 20);
}
