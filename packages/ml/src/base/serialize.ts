/**
 * The JSON form of fitted state: typed arrays become `{ "$typed": "float32", "b64": "…" }` (their
 * little-endian bytes in base64, about 4/3 of the binary size instead of ~10× as decimal text), and
 * everything else stays plain JSON. Decoding gives arrays bit-identical to the saved ones.
 */
export type StateValue =
  | number
  | string
  | boolean
  | null
  | Float32Array
  | Float64Array
  | Int32Array
  | Uint8Array
  | Uint32Array
  | StateValue[]
  | { [k: string]: StateValue };

const TYPED = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  uint8: Uint8Array,
  uint32: Uint32Array,
} as const;
type TypedName = keyof typeof TYPED;

function typedName(v: unknown): TypedName | undefined {
  return (Object.keys(TYPED) as TypedName[]).find((k) => v instanceof TYPED[k]);
}

/** Encodes fitted state as JSON-safe values. */
export function encodeState(v: StateValue): unknown {
  const t = typedName(v);
  if (t) {
    const a = v as Float32Array;
    return { $typed: t, b64: toBase64(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)) };
  }
  if (Array.isArray(v)) return v.map(encodeState);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encodeState(x as StateValue)]));
  }
  if (typeof v === 'number' && !Number.isFinite(v)) return { $number: String(v) };
  return v;
}

/** Decodes what {@link encodeState} wrote. */
export function decodeState(v: unknown): StateValue {
  if (Array.isArray(v)) return v.map(decodeState);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.$typed === 'string' && typeof o.b64 === 'string') {
      const Ctor = TYPED[o.$typed as TypedName];
      if (!Ctor) throw new Error(`unknown typed array "${o.$typed}" in saved state`);
      const bytes = fromBase64(o.b64);
      return new Ctor(bytes.buffer as ArrayBuffer, 0, bytes.length / Ctor.BYTES_PER_ELEMENT);
    }
    if (typeof o.$number === 'string') return Number(o.$number);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, decodeState(x)]));
  }
  return v as StateValue;
}

// Node's Buffer is the fast path; browsers use btoa/atob in chunks.
const NodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;

function toBase64(bytes: Uint8Array): string {
  if (NodeBuffer)
    return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Decodes base64 into a fresh, aligned buffer. */
function fromBase64(b64: string): Uint8Array {
  if (NodeBuffer) {
    const b = NodeBuffer.from(b64, 'base64');
    const out = new Uint8Array(b.length);
    out.set(b);
    return out;
  }
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
