// Typed binary arrays in the OTA1 format (docs/arrays.md), the web client's side of
// platform/arrays: numerical results (vertex and index buffers, grids, fields, time series)
// arrive as little-endian blocks with a JSON header and are read into typed arrays, without
// copying where the data's alignment allows (it always does for a payload read into its own
// buffer: every block's data starts at a multiple of 8).

export type DType = 'f32' | 'f64' | 'i8' | 'u8' | 'i16' | 'u16' | 'i32' | 'u32' | 'i64';

export type TypedArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array;

/** One named array: its elements in C order (the last index varies fastest). */
export interface NdArray {
  name: string;
  dtype: DType;
  /** Extent of each dimension; [] for a scalar (one element). */
  shape: number[];
  /** The values' unit (e.g. "mm"), or null. */
  unit: string | null;
  data: TypedArray;
}

/** A payload that is not well-formed OTA1; the message starts `array payload at byte N:` as in Java. */
export class ArrayFormatError extends Error {
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {
    super(`array payload at byte ${offset}: ${problem}`);
    this.name = 'ArrayFormatError';
  }
}

export const MAX_RANK = 8;
export const MAX_ELEMENTS = 2 ** 31 - 1;
export const MAX_HEADER_BYTES = 64 * 1024;
const MAGIC = [0x4f, 0x54, 0x41, 0x31]; // "OTA1"

type Constructor = {
  new (buffer: ArrayBuffer, byteOffset: number, length: number): TypedArray;
  new (length: number): TypedArray;
  readonly BYTES_PER_ELEMENT: number;
};

const TYPES: Record<DType, Constructor> = {
  f32: Float32Array,
  f64: Float64Array,
  i8: Int8Array,
  u8: Uint8Array,
  i16: Int16Array,
  u16: Uint16Array,
  i32: Int32Array,
  u32: Uint32Array,
  i64: BigInt64Array,
} as unknown as Record<DType, Constructor>;

/** The typed array for a dtype, and its element size. */
export function typeOf(dtype: DType): Constructor {
  return TYPES[dtype];
}

/** Whether this machine stores numbers little-endian (every browser in practice): then views need no byte swapping. */
export const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** prod(shape), or null when the shape breaks the format's limits. */
export function elementCount(shape: number[]): number | null {
  if (shape.length > MAX_RANK) return null;
  let count = 1;
  for (const extent of shape) {
    if (!Number.isSafeInteger(extent) || extent < 0 || extent > MAX_ELEMENTS) return null;
  }
  if (shape.includes(0)) return 0;
  for (const extent of shape) {
    count *= extent;
    if (count > MAX_ELEMENTS) return null;
  }
  return count;
}

const padTo8 = (n: number) => (8 - (n % 8)) % 8;

/**
 * Reads every block of a payload. The typed arrays are views into `payload`'s buffer when the
 * data is aligned for its type (always, when the payload starts at an 8-aligned offset of its
 * buffer), else copies.
 *
 * @throws ArrayFormatError for anything that is not a well-formed payload
 */
export function readArrays(payload: ArrayBuffer | Uint8Array): NdArray[] {
  const bytes = payload instanceof Uint8Array ? payload : new Uint8Array(payload);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const arrays: NdArray[] = [];
  let offset = 0;
  if (bytes.length === 0) throw new ArrayFormatError(0, 'empty payload: a payload holds at least one block');
  while (offset < bytes.length) {
    const available = bytes.length - offset;
    const magic = bytes.subarray(offset, offset + 4);
    if (available < 4 || MAGIC.some((b, i) => magic[i] !== b)) {
      const found = Array.from(magic, (b) => b.toString(16).padStart(2, '0')).join('');
      throw new ArrayFormatError(
        offset,
        `expected the block magic OTA1 (4f544131), found ${found}${available < 4 ? ' and the end of the payload' : ''}`,
      );
    }
    if (available < 8) throw new ArrayFormatError(bytes.length, `the payload ends inside the header length (${available - 4} of 4 bytes)`);
    const headerLength = view.getUint32(offset + 4, true);
    if (headerLength > MAX_HEADER_BYTES) throw new ArrayFormatError(offset + 4, `header length ${headerLength} is more than ${MAX_HEADER_BYTES}`);
    if (headerLength === 0 || headerLength % 8 !== 0) {
      throw new ArrayFormatError(offset + 4, `header length ${headerLength} is not a positive multiple of 8 (the data must start 8-aligned)`);
    }
    const headerStart = offset + 8;
    if (bytes.length - headerStart < headerLength) {
      throw new ArrayFormatError(bytes.length, `the payload ends inside the header (${bytes.length - headerStart} of ${headerLength} bytes)`);
    }
    const header = parseHeader(bytes.subarray(headerStart, headerStart + headerLength), headerStart);
    const dataStart = headerStart + headerLength;
    const size = typeOf(header.dtype).BYTES_PER_ELEMENT;
    const dataBytes = header.count * size;
    if (bytes.length - dataStart < dataBytes) {
      throw new ArrayFormatError(
        bytes.length,
        `the payload ends inside the data of array '${header.name}' (${bytes.length - dataStart} of ${dataBytes} bytes)`,
      );
    }
    const padding = padTo8(dataBytes);
    const paddingStart = dataStart + dataBytes;
    if (bytes.length - paddingStart < padding) {
      throw new ArrayFormatError(bytes.length, `the payload ends inside the padding after the data (${bytes.length - paddingStart} of ${padding} bytes)`);
    }
    for (let i = 0; i < padding; i++) {
      if (bytes[paddingStart + i] !== 0) throw new ArrayFormatError(paddingStart + i, 'padding byte after the data is not zero');
    }
    arrays.push({
      name: header.name,
      dtype: header.dtype,
      shape: header.shape,
      unit: header.unit,
      data: typedData(bytes, dataStart, header.count, header.dtype),
    });
    offset = paddingStart + padding;
  }
  return arrays;
}

interface Header {
  name: string;
  dtype: DType;
  shape: number[];
  unit: string | null;
  count: number;
}

function parseHeader(raw: Uint8Array, at: number): Header {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(raw);
  } catch {
    throw new ArrayFormatError(at, 'header is not UTF-8');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ArrayFormatError(at, `header is not JSON: ${(e as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ArrayFormatError(at, 'header is not a JSON object');
  const h = json as Record<string, unknown>;
  if (typeof h.name !== 'string') throw new ArrayFormatError(at, 'header has no "name" string');
  if (typeof h.dtype !== 'string') throw new ArrayFormatError(at, 'header has no "dtype" string');
  if (!Object.hasOwn(TYPES, h.dtype)) {
    throw new ArrayFormatError(at, `header dtype "${h.dtype.slice(0, 40)}" is not one of ${Object.keys(TYPES).join(', ')}`);
  }
  if (!Array.isArray(h.shape)) throw new ArrayFormatError(at, 'header has no "shape" array');
  if (h.shape.length > MAX_RANK) throw new ArrayFormatError(at, `header shape has rank ${h.shape.length}, more than ${MAX_RANK}`);
  h.shape.forEach((extent, i) => {
    if (typeof extent !== 'number' || !Number.isSafeInteger(extent) || extent < 0) {
      throw new ArrayFormatError(at, `header shape[${i}] is ${JSON.stringify(extent)}, not a whole number >= 0`);
    }
  });
  const shape = h.shape as number[];
  const count = elementCount(shape);
  if (count === null) throw new ArrayFormatError(at, `header shape [${shape.join(', ')}] has more than ${MAX_ELEMENTS} elements`);
  if (h.unit !== undefined && h.unit !== null && typeof h.unit !== 'string') {
    throw new ArrayFormatError(at, 'header "unit" is neither a string nor null');
  }
  return { name: h.name, dtype: h.dtype as DType, shape, unit: (h.unit as string | undefined) ?? null, count };
}

function typedData(bytes: Uint8Array, start: number, count: number, dtype: DType): TypedArray {
  const type = typeOf(dtype);
  const size = type.BYTES_PER_ELEMENT;
  const absolute = bytes.byteOffset + start;
  if (LITTLE_ENDIAN_HOST && absolute % size === 0) {
    return new type(bytes.buffer as ArrayBuffer, absolute, count);
  }
  // Misaligned (a payload at an odd offset of a larger buffer) or a big-endian host: copy.
  const copy = new type(count);
  const view = new DataView(bytes.buffer, absolute, count * size);
  for (let i = 0; i < count; i++) {
    const o = i * size;
    switch (dtype) {
      case 'f32': copy[i] = view.getFloat32(o, true); break;
      case 'f64': copy[i] = view.getFloat64(o, true); break;
      case 'i8': copy[i] = view.getInt8(o); break;
      case 'u8': copy[i] = view.getUint8(o); break;
      case 'i16': copy[i] = view.getInt16(o, true); break;
      case 'u16': copy[i] = view.getUint16(o, true); break;
      case 'i32': copy[i] = view.getInt32(o, true); break;
      case 'u32': copy[i] = view.getUint32(o, true); break;
      case 'i64': (copy as BigInt64Array)[i] = view.getBigInt64(o, true); break;
    }
  }
  return copy;
}

/** The dtype a typed array holds. */
export function dtypeOf(data: TypedArray): DType {
  const entry = (Object.entries(TYPES) as [DType, Constructor][]).find(([, type]) => data instanceof type);
  if (!entry) throw new Error('not a typed array of the format');
  return entry[0];
}

/** Writes arrays as a payload (tests, and uploads of numerical inputs). */
export function writeArrays(arrays: NdArray[]): Uint8Array {
  if (arrays.length === 0) throw new Error('a payload holds at least one array');
  const encoder = new TextEncoder();
  const blocks = arrays.map((array) => {
    const count = elementCount(array.shape);
    if (count === null) throw new Error(`array '${array.name}' has a shape beyond the format's limits`);
    if (array.data.length !== count) throw new Error(`array '${array.name}' of shape [${array.shape.join(', ')}] needs ${count} elements, has ${array.data.length}`);
    if (dtypeOf(array.data) !== array.dtype) throw new Error(`array '${array.name}' is ${array.dtype} but holds ${dtypeOf(array.data)} data`);
    const json = encoder.encode(JSON.stringify({ name: array.name, dtype: array.dtype, shape: array.shape, unit: array.unit }));
    const headerLength = json.length + padTo8(json.length);
    if (headerLength > MAX_HEADER_BYTES) throw new Error(`the header of array '${array.name}' is more than ${MAX_HEADER_BYTES} bytes`);
    return { array, json, headerLength, dataBytes: array.data.byteLength };
  });
  const total = blocks.reduce((sum, b) => sum + 8 + b.headerLength + b.dataBytes + padTo8(b.dataBytes), 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const { array, json, headerLength, dataBytes } of blocks) {
    out.set(MAGIC, offset);
    view.setUint32(offset + 4, headerLength, true);
    out.set(json, offset + 8);
    out.fill(0x20, offset + 8 + json.length, offset + 8 + headerLength);
    const dataStart = offset + 8 + headerLength;
    if (LITTLE_ENDIAN_HOST) {
      out.set(new Uint8Array(array.data.buffer, array.data.byteOffset, dataBytes), dataStart);
    } else {
      throw new Error('writing arrays on a big-endian host is not supported');
    }
    offset = dataStart + dataBytes + padTo8(dataBytes);
  }
  return out;
}
