import { describe, expect, it } from 'vitest';
import fixtureUrl from './fixtures/arrays.ota?inline';
import { ArrayFormatError, elementCount, readArrays, writeArrays, type NdArray } from './arrays';

/** The fixture platform/arrays' WebFixtureTest writes (and checks is committed as the Java codec writes it). */
function fixture(): Uint8Array {
  const base64 = fixtureUrl.slice(fixtureUrl.indexOf(',') + 1);
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

function expectRefused(payload: Uint8Array, offset: number, problem: string) {
  try {
    readArrays(payload);
  } catch (e) {
    expect(e).toBeInstanceOf(ArrayFormatError);
    expect((e as ArrayFormatError).offset).toBe(offset);
    expect((e as ArrayFormatError).problem).toContain(problem);
    expect((e as Error).message).toMatch(new RegExp(`^array payload at byte ${offset}: `));
    return;
  }
  throw new Error('not refused');
}

/** One hand-made block: the header padded to a multiple of 8, then `data` as is. */
function block(header: string, data: Uint8Array = new Uint8Array(8)): Uint8Array {
  const json = new TextEncoder().encode(header);
  const length = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + length + data.length);
  out.set([0x4f, 0x54, 0x41, 0x31]);
  new DataView(out.buffer).setUint32(4, length, true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + length);
  out.set(data, 8 + length);
  return out;
}

describe('the Java-written fixture', () => {
  it('reads every dtype with shapes, units and values as Java wrote them', () => {
    const arrays = readArrays(fixture());
    expect(arrays.map((a) => [a.name, a.dtype, a.shape, a.unit])).toEqual([
      ['vertices', 'f32', [4, 3], 'mm'],
      ['triangles', 'i32', [2, 3], null],
      ['field "E"', 'f64', [2, 2], 'V/m'],
      ['flags', 'u8', [5], null],
      ['deltas', 'i8', [3], null],
      ['levels', 'i16', [3], 'µm'],
      ['counts', 'u16', [1], null],
      ['ids', 'u32', [1], null],
      ['ticks', 'i64', [2], 'ns'],
      ['resistance', 'f64', [], 'Ω'],
      ['none', 'f32', [0, 3], null],
    ]);
    const [vertices, triangles, field, flags, deltas, levels, counts, ids, ticks, resistance, none] = arrays;
    expect(vertices.data).toBeInstanceOf(Float32Array);
    expect(Array.from(vertices.data as Float32Array)).toEqual([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1.5]);
    expect(Array.from(triangles.data as Int32Array)).toEqual([0, 1, 2, 0, 2, 3]);
    expect(Array.from(field.data as Float64Array)).toEqual([-1.25, 0, 1e-300, 6.02e23]);
    expect(Array.from(flags.data as Uint8Array)).toEqual([1, 0, 1, 255, 7]);
    expect(Array.from(deltas.data as Int8Array)).toEqual([-128, 0, 127]);
    expect(Array.from(levels.data as Int16Array)).toEqual([1, -1, -32768]);
    expect(Array.from(counts.data as Uint16Array)).toEqual([65535]);
    expect(Array.from(ids.data as Uint32Array)).toEqual([4294967295]);
    expect(Array.from(ticks.data as BigInt64Array)).toEqual([-2n, 2n ** 53n]);
    expect(Array.from(resistance.data as Float64Array)).toEqual([50]);
    expect(none.data.length).toBe(0);
  });

  it('views the payload without copying when it sits 8-aligned in its buffer', () => {
    const payload = fixture();
    const arrays = readArrays(payload);
    for (const array of arrays) expect(array.data.buffer).toBe(payload.buffer);
    // Moved to an odd offset of a larger buffer, the data is copied and reads the same.
    const shifted = new Uint8Array(payload.length + 1);
    shifted.set(payload, 1);
    const copies = readArrays(shifted.subarray(1));
    expect(copies[0].data.buffer).not.toBe(shifted.buffer);
    expect(copies.map((a) => Array.from(a.data as ArrayLike<number | bigint>))).toEqual(
      arrays.map((a) => Array.from(a.data as ArrayLike<number | bigint>)),
    );
  });

  it('writes the same bytes as the Java codec', () => {
    expect(writeArrays(readArrays(fixture()))).toEqual(fixture());
  });
});

describe('writeArrays', () => {
  it('round-trips and refuses data that does not fit the shape', () => {
    const arrays: NdArray[] = [
      { name: 'grid', dtype: 'f64', shape: [2, 1], unit: 'K', data: new Float64Array([1, 2]) },
      { name: 'odd', dtype: 'u8', shape: [3], unit: null, data: new Uint8Array([1, 2, 3]) },
    ];
    const payload = writeArrays(arrays);
    expect(payload.length % 8).toBe(0);
    expect(readArrays(payload)).toEqual(arrays);
    expect(() => writeArrays([{ ...arrays[0], shape: [3] }])).toThrow('needs 3 elements, has 2');
    expect(() => writeArrays([{ ...arrays[0], dtype: 'f32' }])).toThrow('is f32 but holds f64 data');
    expect(() => writeArrays([])).toThrow('at least one array');
  });
});

describe('readArrays refusals', () => {
  const good = () => writeArrays([{ name: 'i', dtype: 'i32', shape: [2], unit: null, data: new Int32Array([1, 2]) }]);

  it('names the offset and the problem', () => {
    expectRefused(new Uint8Array(0), 0, 'empty payload');
    const badMagic = good();
    badMagic[3] = 0x32;
    expectRefused(badMagic, 0, 'expected the block magic OTA1 (4f544131), found 4f544132');
    const trailing = new Uint8Array(good().length + 3);
    trailing.set(good());
    expectRefused(trailing, good().length, 'expected the block magic OTA1');
    expectRefused(good().subarray(0, 6), 6, 'the payload ends inside the header length');
    expectRefused(good().subarray(0, good().length - 2), good().length - 2, "the payload ends inside the data of array 'i' (6 of 8 bytes)");
    const longHeader = good();
    new DataView(longHeader.buffer).setUint32(4, 0xffffffff, true);
    expectRefused(longHeader, 4, 'header length 4294967295 is more than 65536');
    const unaligned = good();
    new DataView(unaligned.buffer).setUint32(4, 7, true);
    expectRefused(unaligned, 4, 'is not a positive multiple of 8');
    const padded = writeArrays([{ name: 'b', dtype: 'u8', shape: [1], unit: null, data: new Uint8Array([1]) }]);
    padded[padded.length - 2] = 1;
    expectRefused(padded, padded.length - 2, 'padding byte after the data is not zero');
  });

  it('checks the header as the Java reader does', () => {
    expectRefused(block('not json'), 8, 'header is not JSON');
    expectRefused(block('[1,2]'), 8, 'header is not a JSON object');
    expectRefused(block('{"dtype":"u8","shape":[]}'), 8, 'no "name" string');
    expectRefused(block('{"name":"a","dtype":"f16","shape":[]}'), 8, 'header dtype "f16" is not one of f32, f64, i8, u8, i16, u16, i32, u32, i64');
    expectRefused(block('{"name":"a","dtype":"u8"}'), 8, 'no "shape" array');
    expectRefused(block('{"name":"a","dtype":"u8","shape":[1,1,1,1,1,1,1,1,1]}'), 8, 'rank 9, more than 8');
    expectRefused(block('{"name":"a","dtype":"u8","shape":[1.5]}'), 8, 'shape[0] is 1.5');
    expectRefused(block('{"name":"a","dtype":"u8","shape":[65536,65536]}'), 8, 'more than 2147483647 elements');
    expectRefused(block('{"name":"a","dtype":"u8","shape":[],"unit":3}'), 8, '"unit" is neither a string nor null');
    const latin1 = block('{"name":"a","dtype":"u8","shape":[]}');
    latin1[18] = 0xe9;
    expectRefused(latin1, 8, 'header is not UTF-8');
    const huge = block('{"name":"big","dtype":"f64","shape":[2147483647]}');
    expectRefused(huge, huge.length, "the payload ends inside the data of array 'big'");
  });

  it('ignores header keys it does not know', () => {
    const [a] = readArrays(block('{"name":"x","dtype":"i32","shape":[1],"later":{"a":1}}', new Uint8Array([5, 0, 0, 0, 0, 0, 0, 0])));
    expect(a.unit).toBeNull();
    expect(Array.from(a.data as Int32Array)).toEqual([5]);
  });

  it('refuses random and mutated bytes with ArrayFormatError only', () => {
    let seed = 14;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const valid = readArrays(fixture()).length > 0 ? fixture() : new Uint8Array();
    for (let run = 0; run < 2000; run++) {
      const bytes = run % 2 === 0 ? Uint8Array.from({ length: Math.floor(random() * 200) }, () => Math.floor(random() * 256)) : valid.slice();
      if (run % 2 === 1) {
        for (let i = 0; i < 3; i++) bytes[Math.floor(random() * bytes.length)] ^= 1 << Math.floor(random() * 8);
      }
      try {
        readArrays(bytes);
      } catch (e) {
        if (!(e instanceof ArrayFormatError)) throw new Error(`run ${run}: ${String(e)}`);
      }
    }
  });
});

describe('elementCount', () => {
  it('is prod(shape) within the limits', () => {
    expect(elementCount([])).toBe(1);
    expect(elementCount([2, 3, 4])).toBe(24);
    expect(elementCount([0, 2 ** 40])).toBeNull();
    expect(elementCount([2 ** 16, 2 ** 15])).toBeNull();
    expect(elementCount([1, 1, 1, 1, 1, 1, 1, 1, 1])).toBeNull();
  });
});
