// xoshiro128** as base/random.ts's `Random`, for kernels that continue a generator's stream: the
// four state words at rng[0..3] (u32), advanced in place.

/** `Random.nextUint32()`. */
export function nextU32(rng: usize): u32 {
  const s0 = load<u32>(rng);
  let s1 = load<u32>(rng, 4);
  let s2 = load<u32>(rng, 8);
  let s3 = load<u32>(rng, 12);
  const result = rotl<u32>(s1 * 5, 7) * 9;
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  const n0 = s0 ^ s3;
  s2 ^= t;
  s3 = rotl<u32>(s3, 11);
  store<u32>(rng, n0);
  store<u32>(rng, s1, 4);
  store<u32>(rng, s2, 8);
  store<u32>(rng, s3, 12);
  return result;
}

/** `Random.int(n)` for 0 < n ≤ 2³²: rejection sampling without modulo bias. */
export function randInt(rng: usize, n: u32): u32 {
  const limit: u64 = 0x100000000 - (<u64>0x100000000 % <u64>n);
  let r = nextU32(rng);
  while (<u64>r >= limit) r = nextU32(rng);
  return r % n;
}
