import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CanonicalJsonError, canonicalJson } from '../../src/contract/canonical-json.ts';

/** A double from its IEEE 754 bit pattern, as RFC 8785 Appendix B lists them. */
function fromBits(hex: string): number {
  return Buffer.from(hex, 'hex').readDoubleBE(0);
}

describe('canonicalJson (RFC 8785)', () => {
  it('serialises the sample object of §3.2.2 as the RFC shows', () => {
    const input = String.raw`{
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    }`;
    const expected = String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`;
    expect(canonicalJson(JSON.parse(input))).toBe(expected);
  });

  it('sorts member names by UTF-16 code units, as in §3.2.3', () => {
    const input = JSON.parse(String.raw`{
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis"
    }`);
    // The emoji (surrogates D83D DE00) sorts before U+FB33 although its code point is higher.
    const order = ['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33'];
    const expected = `{${order.map((key) => `${JSON.stringify(key)}:${JSON.stringify(input[key])}`).join(',')}}`;
    expect(canonicalJson(input)).toBe(expected);
  });

  it.each([
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ])('writes the double 0x%s as %s (Appendix B)', (bits, text) => {
    expect(canonicalJson(fromBits(bits))).toBe(text);
  });

  it('writes literal number cases in shortest form', () => {
    // Parsed from text: the literal has more digits than a double holds, which is the point of the case.
    expect(canonicalJson([1e21, 4.5e-7, -0, Number('333333333.33333329'), 100, 1.5e300])).toBe(
      '[1e+21,4.5e-7,0,333333333.3333333,100,1.5e+300]',
    );
  });

  it.each([
    ['NaN', Number.NaN, 'is NaN'],
    ['Infinity', Number.POSITIVE_INFINITY, 'is Infinity'],
    ['-Infinity', Number.NEGATIVE_INFINITY, 'is -Infinity'],
  ])('refuses %s with a clear error naming the path', (_name, bad, words) => {
    const call = () => canonicalJson({ a: [1, { b: bad }] });
    expect(call).toThrow(CanonicalJsonError);
    expect(call).toThrow(`/a/1/b ${words}`);
  });

  it('refuses values that are not JSON data', () => {
    expect(() => canonicalJson({ when: new Date(0) })).toThrow('/when is a Date, not a plain object');
    expect(() => canonicalJson(new Map())).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ n: 10n })).toThrow('/n is a bigint');
    expect(() => canonicalJson({ f: () => 1 })).toThrow('/f is a function');
    expect(() => canonicalJson([1, undefined])).toThrow('/1 is undefined');
    expect(() => canonicalJson(undefined)).toThrow(CanonicalJsonError);
  });

  it('refuses lone surrogates in strings and member names (I-JSON)', () => {
    expect(() => canonicalJson('a\ud800b')).toThrow('lone UTF-16 surrogate');
    expect(() => canonicalJson('\udc00')).toThrow('lone UTF-16 surrogate');
    expect(() => canonicalJson({ '\ud83d': 1 })).toThrow('lone UTF-16 surrogate');
    expect(canonicalJson('\ud83d\ude00')).toBe('"😀"');
  });

  it('leaves out members whose value is undefined, as a JSON round trip would', () => {
    expect(canonicalJson({ b: 1, a: undefined, c: { z: undefined, y: null } })).toBe(
      '{"b":1,"c":{"y":null}}',
    );
  });

  it('sorts nested objects, keeps array order and writes no whitespace', () => {
    expect(canonicalJson({ z: [3, 1, { y: 1, x: 2 }], a: { d: true, c: 'text with spaces' } })).toBe(
      '{"a":{"c":"text with spaces","d":true},"z":[3,1,{"x":2,"y":1}]}',
    );
    expect(canonicalJson(Object.create(null))).toBe('{}');
  });

  it('is stable under a JSON round trip and independent of member insertion order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(canonicalJson(reverseKeys(value))).toBe(text);
      }),
    );
  });
});

function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).reverse()) {
    Object.defineProperty(out, key, {
      value: reverseKeys((value as Record<string, unknown>)[key]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
