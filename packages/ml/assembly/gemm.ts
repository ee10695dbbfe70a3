// Cache-blocked, register-tiled single-precision GEMM (Goto/BLIS loop order) for WASM SIMD.
//
// Layout: row-major; op(A) is m×k, op(B) is k×n, C is m×n with leading dimension ldc (elements).
// Transposes are expressed as (row stride, column stride) pairs so one packing routine serves
// A·B (nn), A·Bᵀ (nt, the KNN/SVC shape) and Aᵀ·B (tn).
// Alignment: none required (v128 loads/stores are unaligned-safe); remainders (m % 4, n % 8,
// any k) are handled by zero-padded packing and a scalar edge copy.

/** Rows of the register tile (4 rows × 2 f32x4 columns = 8 accumulators; see kernel_4x8). */
export const MR: i32 = 4;
/** Columns of the register tile. */
export const NR: i32 = 8;
/** Rows of A per packed block (kept in L2: MC·KC·4 ≈ 150 KB). */
export const MC: i32 = 96;
/** Depth per packed block (a B sliver KC·NR·4 ≈ 12.5 KB stays in L1). */
export const KC: i32 = 400;
/** Columns of B per packed panel (in L3). */
export const NC: i32 = 2048;

/** Bytes of workspace `gemm_f32` needs (packed B panel, packed A block, one edge tile). */
export function gemm_ws_bytes(): i32 {
  return (KC * NC + MC * KC + MR * NR + 64) * 4;
}

/** Balanced depth split: k = 784 becomes 2 × 392 instead of 400 + 384. */
export function kc_for(k: i32): i32 {
  const blocks = (k + KC - 1) / KC;
  return (k + blocks - 1) / blocks;
}

/** Packs an mc×kc block of op(A) (element (i,p) at a + 4·(i·rs + p·cs)) into MR-row slivers. */
export function pack_a(a: usize, rs: i32, cs: i32, mc: i32, kc: i32, dst: usize): void {
  for (let i0 = 0; i0 < mc; i0 += MR) {
    const rows = min(MR, mc - i0);
    if (cs == 1 && rows == MR) {
      // Row-major A: transpose 4×4 blocks in registers, one 16-byte store per depth step.
      const r0 = a + ((<usize>i0 * <usize>rs) << 2);
      const r1 = r0 + ((<usize>rs) << 2);
      const r2 = r1 + ((<usize>rs) << 2);
      const r3 = r2 + ((<usize>rs) << 2);
      const kc4 = kc & ~3;
      for (let p = 0; p < kc4; p += 4) {
        const o = (<usize>p) << 2;
        const x0 = v128.load(r0 + o);
        const x1 = v128.load(r1 + o);
        const x2 = v128.load(r2 + o);
        const x3 = v128.load(r3 + o);
        const t0 = v128.shuffle<f32>(x0, x1, 0, 4, 1, 5);
        const t1 = v128.shuffle<f32>(x0, x1, 2, 6, 3, 7);
        const t2 = v128.shuffle<f32>(x2, x3, 0, 4, 1, 5);
        const t3 = v128.shuffle<f32>(x2, x3, 2, 6, 3, 7);
        const d = dst + ((<usize>p * MR) << 2);
        v128.store(d, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
        v128.store(d, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7), 16);
        v128.store(d, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5), 32);
        v128.store(d, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7), 48);
      }
      for (let p = kc4; p < kc; p++) {
        const o = (<usize>p) << 2;
        const d = dst + ((<usize>p * MR) << 2);
        store<f32>(d, load<f32>(r0 + o));
        store<f32>(d, load<f32>(r1 + o), 4);
        store<f32>(d, load<f32>(r2 + o), 8);
        store<f32>(d, load<f32>(r3 + o), 12);
      }
    } else if (cs == 1) {
      for (let ii = 0; ii < rows; ii++) {
        const src = a + ((<usize>(i0 + ii) * <usize>rs) << 2);
        let d = dst + ((<usize>ii) << 2);
        for (let p = 0; p < kc; p++) {
          store<f32>(d, load<f32>(src + ((<usize>p) << 2)));
          d += MR * 4;
        }
      }
    } else if (rs == 1 && rows == MR) {
      // Aᵀ stored row-major: each depth step is 4 contiguous floats.
      for (let p = 0; p < kc; p++) {
        const src = a + ((<usize>p * <usize>cs + <usize>i0) << 2);
        v128.store(dst + ((<usize>p * MR) << 2), v128.load(src));
      }
    } else if (rs == 1) {
      for (let p = 0; p < kc; p++) {
        const src = a + ((<usize>p * <usize>cs + <usize>i0) << 2);
        const d = dst + ((<usize>p * MR) << 2);
        for (let ii = 0; ii < rows; ii++)
          store<f32>(d + ((<usize>ii) << 2), load<f32>(src + ((<usize>ii) << 2)));
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const d = dst + ((<usize>p * MR) << 2);
        for (let ii = 0; ii < rows; ii++) {
          store<f32>(
            d + ((<usize>ii) << 2),
            load<f32>(a + ((<usize>(i0 + ii) * <usize>rs + <usize>p * <usize>cs) << 2)),
          );
        }
      }
    }
    if (rows < MR) {
      for (let p = 0; p < kc; p++) {
        const d = dst + ((<usize>p * MR) << 2);
        for (let ii = rows; ii < MR; ii++) store<f32>(d + ((<usize>ii) << 2), 0);
      }
    }
    dst += (<usize>kc * MR) << 2;
  }
}

/** Packs a kc×nc block of op(B) (element (p,j) at b + 4·(p·rs + j·cs)) into NR-column slivers. */
export function pack_b(b: usize, rs: i32, cs: i32, kc: i32, nc: i32, dst: usize): void {
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const cols = min(NR, nc - j0);
    if (cs == 1 && cols == NR) {
      for (let p = 0; p < kc; p++) {
        const src = b + ((<usize>p * <usize>rs + <usize>j0) << 2);
        const d = dst + ((<usize>p * NR) << 2);
        v128.store(d, v128.load(src));
        v128.store(d, v128.load(src, 16), 16);
      }
    } else if (rs == 1 && cols == NR) {
      // A·Bᵀ: each of the 8 columns is a contiguous row of B; transpose 4×4 blocks in registers.
      const kc4 = kc & ~3;
      for (let g = 0; g < 2; g++) {
        const r0 = b + ((<usize>(j0 + g * 4) * <usize>cs) << 2);
        const r1 = r0 + ((<usize>cs) << 2);
        const r2 = r1 + ((<usize>cs) << 2);
        const r3 = r2 + ((<usize>cs) << 2);
        const d0 = dst + ((<usize>(g * 4)) << 2);
        for (let p = 0; p < kc4; p += 4) {
          const o = (<usize>p) << 2;
          const x0 = v128.load(r0 + o);
          const x1 = v128.load(r1 + o);
          const x2 = v128.load(r2 + o);
          const x3 = v128.load(r3 + o);
          const t0 = v128.shuffle<f32>(x0, x1, 0, 4, 1, 5);
          const t1 = v128.shuffle<f32>(x0, x1, 2, 6, 3, 7);
          const t2 = v128.shuffle<f32>(x2, x3, 0, 4, 1, 5);
          const t3 = v128.shuffle<f32>(x2, x3, 2, 6, 3, 7);
          const d = d0 + ((<usize>p * NR) << 2);
          v128.store(d, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
          v128.store(d, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7), NR * 4);
          v128.store(d, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5), NR * 8);
          v128.store(d, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7), NR * 12);
        }
        for (let p = kc4; p < kc; p++) {
          const d = d0 + ((<usize>p * NR) << 2);
          const o = (<usize>p) << 2;
          store<f32>(d, load<f32>(r0 + o));
          store<f32>(d, load<f32>(r1 + o), 4);
          store<f32>(d, load<f32>(r2 + o), 8);
          store<f32>(d, load<f32>(r3 + o), 12);
        }
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const d = dst + ((<usize>p * NR) << 2);
        for (let jj = 0; jj < cols; jj++) {
          store<f32>(
            d + ((<usize>jj) << 2),
            load<f32>(b + ((<usize>p * <usize>rs + <usize>(j0 + jj) * <usize>cs) << 2)),
          );
        }
        for (let jj = cols; jj < NR; jj++) store<f32>(d + ((<usize>jj) << 2), 0);
      }
    }
    dst += (<usize>kc * NR) << 2;
  }
}

/**
 * 4×8 micro-kernel: c[4×8] = alpha·(Ap·Bp) + beta·c over kc steps of packed slivers.
 * beta == 0 never reads c (BLAS semantics: NaN in an uninitialised C does not leak).
 *
 * Why 4×8 and this loop shape (measured with V8 11.3 in Node 20 on Zen 4, see ADR 0002): TurboFan
 * keeps only xmm0–xmm14 allocatable and schedules a loop body's loads before its arithmetic, so
 * every broadcast and B vector of one step is live at once. 8 accumulators + 2 B + 4 A
 * broadcasts + 1 product = 15 registers fit; 6×8 (21) spilled four accumulators per step, and
 * unrolling k does the same. The loop runs on the B pointer against an end address (no counter),
 * which saves an add per step in a loop that is front-end bound (mul and add are separate ops).
 */
function kernel_4x8(
  kc: i32,
  ap: usize,
  bp: usize,
  c: usize,
  ldcb: usize,
  alpha: f32,
  beta: f32,
): void {
  let c00 = f32x4.splat(0),
    c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0),
    c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0),
    c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0),
    c31 = f32x4.splat(0);
  const bend = bp + ((<usize>kc * NR) << 2);
  if (ASC_FEATURE_RELAXED_SIMD) {
    // Optional build (build/kernels-relaxed.wasm): one fused multiply-add per product halves
    // the floating-point ops of a front-end-bound loop. Compile-time branch: the default build
    // contains only the mul + add loop below.
    while (bp < bend) {
      const b0 = v128.load(bp);
      const b1 = v128.load(bp, 16);
      const a0 = v128.load32_splat(ap);
      c00 = f32x4.relaxed_madd(a0, b0, c00);
      c01 = f32x4.relaxed_madd(a0, b1, c01);
      const a1 = v128.load32_splat(ap, 4);
      c10 = f32x4.relaxed_madd(a1, b0, c10);
      c11 = f32x4.relaxed_madd(a1, b1, c11);
      const a2 = v128.load32_splat(ap, 8);
      c20 = f32x4.relaxed_madd(a2, b0, c20);
      c21 = f32x4.relaxed_madd(a2, b1, c21);
      const a3 = v128.load32_splat(ap, 12);
      c30 = f32x4.relaxed_madd(a3, b0, c30);
      c31 = f32x4.relaxed_madd(a3, b1, c31);
      ap += MR * 4;
      bp += NR * 4;
    }
  } else {
    while (bp < bend) {
      const b0 = v128.load(bp);
      const b1 = v128.load(bp, 16);
      const a0 = v128.load32_splat(ap);
      c00 = f32x4.add(c00, f32x4.mul(a0, b0));
      c01 = f32x4.add(c01, f32x4.mul(a0, b1));
      const a1 = v128.load32_splat(ap, 4);
      c10 = f32x4.add(c10, f32x4.mul(a1, b0));
      c11 = f32x4.add(c11, f32x4.mul(a1, b1));
      const a2 = v128.load32_splat(ap, 8);
      c20 = f32x4.add(c20, f32x4.mul(a2, b0));
      c21 = f32x4.add(c21, f32x4.mul(a2, b1));
      const a3 = v128.load32_splat(ap, 12);
      c30 = f32x4.add(c30, f32x4.mul(a3, b0));
      c31 = f32x4.add(c31, f32x4.mul(a3, b1));
      ap += MR * 4;
      bp += NR * 4;
    }
  }
  const va = f32x4.splat(alpha);
  if (beta == 0) {
    v128.store(c, f32x4.mul(c00, va));
    v128.store(c, f32x4.mul(c01, va), 16);
    c += ldcb;
    v128.store(c, f32x4.mul(c10, va));
    v128.store(c, f32x4.mul(c11, va), 16);
    c += ldcb;
    v128.store(c, f32x4.mul(c20, va));
    v128.store(c, f32x4.mul(c21, va), 16);
    c += ldcb;
    v128.store(c, f32x4.mul(c30, va));
    v128.store(c, f32x4.mul(c31, va), 16);
  } else {
    const vb = f32x4.splat(beta);
    v128.store(c, f32x4.add(f32x4.mul(c00, va), f32x4.mul(v128.load(c), vb)));
    v128.store(c, f32x4.add(f32x4.mul(c01, va), f32x4.mul(v128.load(c, 16), vb)), 16);
    c += ldcb;
    v128.store(c, f32x4.add(f32x4.mul(c10, va), f32x4.mul(v128.load(c), vb)));
    v128.store(c, f32x4.add(f32x4.mul(c11, va), f32x4.mul(v128.load(c, 16), vb)), 16);
    c += ldcb;
    v128.store(c, f32x4.add(f32x4.mul(c20, va), f32x4.mul(v128.load(c), vb)));
    v128.store(c, f32x4.add(f32x4.mul(c21, va), f32x4.mul(v128.load(c, 16), vb)), 16);
    c += ldcb;
    v128.store(c, f32x4.add(f32x4.mul(c30, va), f32x4.mul(v128.load(c), vb)));
    v128.store(c, f32x4.add(f32x4.mul(c31, va), f32x4.mul(v128.load(c, 16), vb)), 16);
  }
}

/**
 * Macro-kernel over one packed (mc×kc) A block and (kc×nc) B panel. The B sliver loop is outer
 * so each 12.5 KB sliver stays in L1 while the A block streams from L2.
 */
export function macro_kernel(
  mc: i32,
  nc: i32,
  kc: i32,
  ap0: usize,
  bp0: usize,
  c: usize,
  ldc: i32,
  alpha: f32,
  beta: f32,
  tmp: usize,
): void {
  const ldcb = (<usize>ldc) << 2;
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = min(NR, nc - jr);
    const bp = bp0 + ((<usize>jr * <usize>kc) << 2);
    for (let ir = 0; ir < mc; ir += MR) {
      const mr = min(MR, mc - ir);
      const ap = ap0 + ((<usize>ir * <usize>kc) << 2);
      const cp = c + ((<usize>ir * <usize>ldc + <usize>jr) << 2);
      if (mr == MR && nr == NR) {
        kernel_4x8(kc, ap, bp, cp, ldcb, alpha, beta);
      } else {
        kernel_4x8(kc, ap, bp, tmp, NR * 4, 1, 0);
        for (let i = 0; i < mr; i++) {
          for (let j = 0; j < nr; j++) {
            const t = load<f32>(tmp + ((<usize>(i * NR + j)) << 2));
            const q = cp + ((<usize>i * <usize>ldc + <usize>j) << 2);
            store<f32>(q, beta == 0 ? alpha * t : alpha * t + beta * load<f32>(q));
          }
        }
      }
    }
  }
}

/** C ← beta·C for the k == 0 case (beta == 0 writes zeros without reading C). */
function scale_c(m: i32, n: i32, beta: f32, c: usize, ldc: i32): void {
  for (let i = 0; i < m; i++) {
    const row = c + ((<usize>i * <usize>ldc) << 2);
    for (let j = 0; j < n; j++) {
      const q = row + ((<usize>j) << 2);
      store<f32>(q, beta == 0 ? 0 : beta * load<f32>(q));
    }
  }
}

/** General strided GEMM: C ← alpha·op(A)·op(B) + beta·C with op given by element strides. */
export function gemm_strided(
  m: i32,
  n: i32,
  k: i32,
  alpha: f32,
  a: usize,
  rsa: i32,
  csa: i32,
  b: usize,
  rsb: i32,
  csb: i32,
  beta: f32,
  c: usize,
  ldc: i32,
  ws: usize,
): void {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    scale_c(m, n, beta, c, ldc);
    return;
  }
  const bp = ws;
  const ap = bp + ((<usize>KC * NC) << 2);
  const tmp = ap + ((<usize>MC * KC) << 2);
  const kcb = kc_for(k);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += kcb) {
      const kc = min(kcb, k - pc);
      pack_b(b + ((<usize>pc * <usize>rsb + <usize>jc * <usize>csb) << 2), rsb, csb, kc, nc, bp);
      const betaEff: f32 = pc == 0 ? beta : 1;
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        pack_a(a + ((<usize>ic * <usize>rsa + <usize>pc * <usize>csa) << 2), rsa, csa, mc, kc, ap);
        macro_kernel(
          mc,
          nc,
          kc,
          ap,
          bp,
          c + ((<usize>ic * <usize>ldc + <usize>jc) << 2),
          ldc,
          alpha,
          betaEff,
          tmp,
        );
      }
    }
  }
}

/** C ← alpha·A·B + beta·C; A is m×k (lda), B is k×n (ldb). */
export function gemm_f32_nn(
  m: i32,
  n: i32,
  k: i32,
  alpha: f32,
  a: usize,
  lda: i32,
  b: usize,
  ldb: i32,
  beta: f32,
  c: usize,
  ldc: i32,
  ws: usize,
): void {
  gemm_strided(m, n, k, alpha, a, lda, 1, b, ldb, 1, beta, c, ldc, ws);
}

/** C ← alpha·A·Bᵀ + beta·C; A is m×k (lda), B is n×k (ldb): rows of both are contiguous. */
export function gemm_f32_nt(
  m: i32,
  n: i32,
  k: i32,
  alpha: f32,
  a: usize,
  lda: i32,
  b: usize,
  ldb: i32,
  beta: f32,
  c: usize,
  ldc: i32,
  ws: usize,
): void {
  gemm_strided(m, n, k, alpha, a, lda, 1, b, 1, ldb, beta, c, ldc, ws);
}

/** C ← alpha·Aᵀ·B + beta·C; A is k×m (lda), B is k×n (ldb). */
export function gemm_f32_tn(
  m: i32,
  n: i32,
  k: i32,
  alpha: f32,
  a: usize,
  lda: i32,
  b: usize,
  ldb: i32,
  beta: f32,
  c: usize,
  ldc: i32,
  ws: usize,
): void {
  gemm_strided(m, n, k, alpha, a, 1, lda, b, ldb, 1, beta, c, ldc, ws);
}

/** C ← alpha·Aᵀ·Bᵀ + beta·C; A is k×m (lda), B is n×k (ldb). */
export function gemm_f32_tt(
  m: i32,
  n: i32,
  k: i32,
  alpha: f32,
  a: usize,
  lda: i32,
  b: usize,
  ldb: i32,
  beta: f32,
  c: usize,
  ldc: i32,
  ws: usize,
): void {
  gemm_strided(m, n, k, alpha, a, 1, lda, b, 1, ldb, beta, c, ldc, ws);
}
