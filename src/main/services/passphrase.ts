import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * Director passphrases, stored only as a salted scrypt hash: `scrypt$N$r$p$<salt>$<hash>` (salt
 * and hash in base64). scrypt's cost (N = 2^15, r = 8: 32 MiB and about a tenth of a second per
 * try) makes guessing slow even for someone who copies the database file; the sign-in's rate
 * limit makes it slow at the workstation.
 */

const cost = { N: 2 ** 15, r: 8, p: 1 } as const;
const keyLength = 32;
const maxmem = 64 * 1024 * 1024;

export function hashPassphrase(passphrase: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(passphrase.normalize('NFC'), salt, keyLength, { ...cost, maxmem });
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** True when `passphrase` is the one `stored` was made from. A malformed stored value never matches. */
export function verifyPassphrase(passphrase: string, stored: string): boolean {
  const [scheme, n, r, p, saltText, hashText] = stored.split('$');
  if (scheme !== 'scrypt' || !saltText || !hashText) return false;
  const N = Number(n);
  const blockSize = Number(r);
  const parallel = Number(p);
  if (![N, blockSize, parallel].every((value) => Number.isInteger(value) && value > 0)) return false;
  const expected = Buffer.from(hashText, 'base64');
  if (expected.length === 0) return false;
  const actual = scryptSync(passphrase.normalize('NFC'), Buffer.from(saltText, 'base64'), expected.length, {
    N,
    r: blockSize,
    p: parallel,
    maxmem,
  });
  return timingSafeEqual(actual, expected);
}
