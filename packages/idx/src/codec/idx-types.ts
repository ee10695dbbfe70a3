/** The element types of IDX, by the names fmnist uses in memory. */
export type IdxType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** The typed array that holds each IDX type in memory. */
export interface IdxArrayOf {
  uint8: Uint8Array;
  int8: Int8Array;
  int16: Int16Array;
  int32: Int32Array;
  float32: Float32Array;
  float64: Float64Array;
}

export type IdxArray = IdxArrayOf[IdxType];

/** A decoded IDX file: row-major data of `shape`, native-endian in memory. */
export interface IdxTensor<T extends IdxType = IdxType> {
  type: T;
  shape: number[];
  data: IdxArrayOf[T];
}

interface TypeInfo {
  code: number;
  bytes: number;
  make(n: number): IdxArray;
  getter: 'getUint8' | 'getInt8' | 'getInt16' | 'getInt32' | 'getFloat32' | 'getFloat64';
  setter: 'setUint8' | 'setInt8' | 'setInt16' | 'setInt32' | 'setFloat32' | 'setFloat64';
}

/** Type code (third magic byte), element size and array constructor of every IDX type. */
export const IDX_TYPES: Record<IdxType, TypeInfo> = {
  uint8: {
    code: 0x08,
    bytes: 1,
    make: (n) => new Uint8Array(n),
    getter: 'getUint8',
    setter: 'setUint8',
  },
  int8: {
    code: 0x09,
    bytes: 1,
    make: (n) => new Int8Array(n),
    getter: 'getInt8',
    setter: 'setInt8',
  },
  int16: {
    code: 0x0b,
    bytes: 2,
    make: (n) => new Int16Array(n),
    getter: 'getInt16',
    setter: 'setInt16',
  },
  int32: {
    code: 0x0c,
    bytes: 4,
    make: (n) => new Int32Array(n),
    getter: 'getInt32',
    setter: 'setInt32',
  },
  float32: {
    code: 0x0d,
    bytes: 4,
    make: (n) => new Float32Array(n),
    getter: 'getFloat32',
    setter: 'setFloat32',
  },
  float64: {
    code: 0x0e,
    bytes: 8,
    make: (n) => new Float64Array(n),
    getter: 'getFloat64',
    setter: 'setFloat64',
  },
};

/** The IDX type of a type code, or undefined for a code IDX does not define. */
export function idxTypeOfCode(code: number): IdxType | undefined {
  return (Object.keys(IDX_TYPES) as IdxType[]).find((t) => IDX_TYPES[t].code === code);
}

/** The IDX type a typed array holds, or undefined when IDX has no such type. */
export function idxTypeOfArray(data: unknown): IdxType | undefined {
  if (data instanceof Uint8Array) return 'uint8';
  if (data instanceof Int8Array) return 'int8';
  if (data instanceof Int16Array) return 'int16';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  return undefined;
}

/** True when this machine stores numbers little-endian (every mainstream one does). */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
