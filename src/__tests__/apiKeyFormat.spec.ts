import {
  isValidApiKey,
  MAX_API_KEY_LENGTH,
  whiteLabelHost
} from '../keys/apiKeyFormat';

const HEX64 = '0123456789abcdef'.repeat(4);
/** base32 of "api.equal1.com", unpadded, lowercase. */
const EQUAL1 = 'mfygsltfof2wc3brfzrw63i';

describe('isValidApiKey', () => {
  it.each([
    ['a qBraid key', 'qbr_' + 'a1B2'.repeat(4)],
    ['an emulator key (qbr_ + 64 hex)', 'qbr_' + HEX64],
    ['a legacy key of 16 letters and digits', 'abcdEFGH12345678'],
    ['a long legacy key', 'A1'.repeat(100)],
    ['a white-label key', `equal1_${EQUAL1}.${HEX64}`],
    [
      'a white-label key whose host is not canonical',
      `wl_${EQUAL1.slice(0, -1)}j.${HEX64}`
    ],
    ['a white-label key whose host is no host name', `wl_mfrgg.${HEX64}`]
  ])('accepts %s', (_, value) => {
    expect(isValidApiKey(value)).toBe(true);
  });

  it.each([
    ['an empty value', ''],
    ['a qBraid key too short after its prefix', 'qbr_' + 'a'.repeat(15)],
    ['a legacy key of 15 characters', 'a'.repeat(15)],
    ['a key with a dash', 'qbr_abcdefgh-12345678'],
    ['a key with a space', 'abcdefgh 12345678'],
    ['a key with a line break', 'abcdefgh12345678\n'],
    ['a white-label key with 63 hex', `wl_${EQUAL1}.${HEX64.slice(1)}`],
    ['a white-label key with upper-case hex', `wl_${EQUAL1}.${HEX64.toUpperCase()}`],
    ['a white-label key with an upper-case prefix', `WL_${EQUAL1}.${HEX64}`],
    ['a white-label key with a host part of one character', `wl_m.${HEX64}`],
    ['a white-label key with base32 outside a-z2-7', `wl_mfyg1.${HEX64}`],
    ['a white-label key without a prefix', `_${EQUAL1}.${HEX64}`]
  ])('refuses %s', (_, value) => {
    expect(isValidApiKey(value)).toBe(false);
  });

  it('refuses anything longer than 512 characters, and accepts 512', () => {
    expect(MAX_API_KEY_LENGTH).toBe(512);
    expect(isValidApiKey('a'.repeat(512))).toBe(true);
    expect(isValidApiKey('a'.repeat(513))).toBe(false);
    expect(isValidApiKey('qbr_' + 'a'.repeat(509))).toBe(false);
  });
});

describe('whiteLabelHost', () => {
  it('decodes the host a white-label key carries', () => {
    expect(whiteLabelHost(`equal1_${EQUAL1}.${HEX64}`)).toBe('api.equal1.com');
    expect(whiteLabelHost(`x_mfygsltfpbqw24dmmuxgg33n.${HEX64}`)).toBe(
      'api.example.com'
    );
  });

  it('gives null for a base32 spelling that is not canonical', () => {
    // "i" ends the group with zero padding bits; "j" sets one of them.
    expect(whiteLabelHost(`wl_${EQUAL1.slice(0, -1)}j.${HEX64}`)).toBeNull();
    // One character more than the bytes need.
    expect(whiteLabelHost(`wl_${EQUAL1}a.${HEX64}`)).toBeNull();
  });

  it.each([
    ['a single label', 'nrxwgylmnbxxg5a'], // localhost
    ['a trailing dot', 'mfygsltfpbqw24dmmuxgg33nfy'], // api.example.com.
    ['fewer than 4 characters', 'mexgc'], // a.a
    ['a label that starts with a dash', 'fvqs4y3pnu'] // -a.com
  ])('gives null when the host has %s', (_, encoded) => {
    const key = `wl_${encoded}.${HEX64}`;
    expect(isValidApiKey(key)).toBe(true);
    expect(whiteLabelHost(key)).toBeNull();
  });

  it('gives null for the other shapes and for refused values', () => {
    expect(whiteLabelHost('qbr_' + HEX64)).toBeNull();
    expect(whiteLabelHost('abcdEFGH12345678')).toBeNull();
    expect(whiteLabelHost('not a key')).toBeNull();
    expect(whiteLabelHost(`wl_${EQUAL1}.${HEX64}`.padStart(513, 'a'))).toBeNull();
  });
});
