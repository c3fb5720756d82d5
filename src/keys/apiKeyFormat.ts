/**
 * The shapes of a qBraid API key, mirroring the server's `api_key_format.py`, so that the
 * paste field can refuse a wrong value and name a white-label key's host before sending.
 */

/** Longer values are refused: no qBraid key comes near this. */
export const MAX_API_KEY_LENGTH = 512;

/**
 * At least 16 characters after the prefix: qBraid's CLI sets no minimum, but the server's
 * leak guard redacts every known key wherever it appears, and a shorter "key" would make
 * it redact ordinary words.
 */
const QBRAID_KEY = /^qbr_[A-Za-z0-9]{16,}$/;
const LEGACY_KEY = /^[A-Za-z0-9]{16,}$/;
/** `<prefix>_<base32 of the host>.<64 hex>` */
const WHITE_LABEL_KEY = /^[a-z0-9]+_([a-z2-7]{2,405})\.[0-9a-f]{64}$/;
const HOST_NAME =
  /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const BASE32_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** One of the three shapes qBraid's tools accept, at most 512 characters. */
export function isValidApiKey(value: string): boolean {
  return (
    value.length <= MAX_API_KEY_LENGTH &&
    (QBRAID_KEY.test(value) || LEGACY_KEY.test(value) || WHITE_LABEL_KEY.test(value))
  );
}

/**
 * The host a white-label key carries, or null: for any other key, and for a white-label
 * key whose host part is not canonical base32 or does not decode to a DNS host name (such
 * a key is still valid; it just names no host).
 */
export function whiteLabelHost(value: string): string | null {
  if (value.length > MAX_API_KEY_LENGTH) {
    return null;
  }
  const match = WHITE_LABEL_KEY.exec(value);
  if (!match) {
    return null;
  }
  const host = decodeCanonicalBase32(match[1]);
  return host !== null && HOST_NAME.test(host) ? host : null;
}

/**
 * Unpadded lowercase base32 (RFC 4648) to text, or null unless encoding the bytes again
 * gives back exactly `encoded`: one host has one spelling, so no two keys name the same
 * host differently.
 */
function decodeCanonicalBase32(encoded: string): string | null {
  let bits = 0;
  let buffer = 0;
  const bytes: number[] = [];
  for (const char of encoded) {
    buffer = (buffer << 5) | BASE32_ALPHABET.indexOf(char);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
      buffer &= (1 << bits) - 1;
    }
  }
  // Left-over bits must be padding zeros, and a whole 5-bit group must not be left over.
  if (bits >= 5 || buffer !== 0) {
    return null;
  }
  if (bytes.some(byte => byte > 0x7f)) {
    return null; // not ASCII, so no host name
  }
  return String.fromCharCode(...bytes);
}
