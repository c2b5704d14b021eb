/**
 * Server-side request forgery protection: classifies IP addresses that a news fetcher must never
 * reach on a user's behalf (loopback, private networks, link-local, cloud metadata …), including
 * IPv4 addresses hidden inside IPv6 forms (IPv4-mapped, IPv4-compatible, NAT64, 6to4).
 */
import { isIP } from 'node:net';

/** Why an address is refused. */
export type AddressCategory =
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'multicast'
  | 'unspecified'
  | 'carrier-grade NAT'
  | 'cloud metadata'
  | 'reserved';

/** Parses dotted-quad IPv4 into 4 bytes, or undefined. */
function parseV4(ip: string): number[] | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : undefined;
}

/** Parses IPv6 (with `::`, an embedded dotted quad and an optional zone) into 16 bytes. */
function parseV6(input: string): number[] | undefined {
  let ip = input.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  let tail: number[] = [];
  const lastColon = ip.lastIndexOf(':');
  if (ip.slice(lastColon + 1).includes('.')) {
    const v4 = parseV4(ip.slice(lastColon + 1));
    if (!v4) return undefined;
    tail = v4;
    ip = `${ip.slice(0, lastColon + 1)}0:0`;
  }
  const halves = ip.split('::');
  if (halves.length > 2) return undefined;
  const toGroups = (s: string): number[] => (s ? s.split(':').map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? parseInt(g, 16) : NaN)) : []);
  const head = toGroups(halves[0]);
  const rest = halves.length === 2 ? toGroups(halves[1]) : [];
  const fill = 8 - head.length - rest.length;
  if ((halves.length === 1 && fill !== 0) || fill < 0) return undefined;
  const groups = [...head, ...Array(halves.length === 2 ? fill : 0).fill(0), ...rest];
  if (groups.length !== 8 || groups.some((g) => Number.isNaN(g))) return undefined;
  const bytes = groups.flatMap((g) => [g >> 8, g & 0xff]);
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

function classifyV4([a, b, c, d]: number[]): AddressCategory | undefined {
  if (a === 169 && b === 254 && c === 169 && d === 254) return 'cloud metadata';
  if (a === 0) return 'unspecified';
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
  if (a === 169 && b === 254) return 'link-local';
  if (a === 100 && b >= 64 && b <= 127) return 'carrier-grade NAT';
  if (a >= 224 && a <= 239) return 'multicast';
  // 240/4 (reserved, includes broadcast), 192.0.0/24 (IETF protocol assignments), 198.18/15 (benchmarking).
  if (a >= 240 || (a === 192 && b === 0 && c === 0) || (a === 198 && (b === 18 || b === 19))) return 'reserved';
  return undefined;
}

function classifyV6(bytes: number[]): AddressCategory | undefined {
  const allZero = (from: number, to: number) => bytes.slice(from, to).every((x) => x === 0);
  if (allZero(0, 16)) return 'unspecified';
  if (allZero(0, 15) && bytes[15] === 1) return 'loopback';
  // fd00:ec2::254, the AWS metadata service over IPv6.
  if (bytes[0] === 0xfd && bytes[1] === 0 && bytes[2] === 0x0e && bytes[3] === 0xc2 && allZero(4, 14) && bytes[14] === 0x02 && bytes[15] === 0x54) return 'cloud metadata';
  // IPv4-mapped ::ffff:a.b.c.d and IPv4-compatible ::a.b.c.d.
  if (allZero(0, 10) && ((bytes[10] === 0xff && bytes[11] === 0xff) || (bytes[10] === 0 && bytes[11] === 0))) return classifyV4(bytes.slice(12));
  // NAT64 64:ff9b::/96 embeds the IPv4 address in the last 32 bits.
  if (bytes[0] === 0 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && allZero(4, 12)) return classifyV4(bytes.slice(12));
  // 6to4 2002:AABB:CCDD::/48 embeds the IPv4 address in bits 16–48.
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return classifyV4(bytes.slice(2, 6));
  if ((bytes[0] & 0xfe) === 0xfc) return 'private';
  if (bytes[0] === 0xfe && (bytes[1] & 0xc0) === 0x80) return 'link-local';
  if (bytes[0] === 0xfe && (bytes[1] & 0xc0) === 0xc0) return 'private'; // deprecated site-local fec0::/10
  if (bytes[0] === 0xff) return 'multicast';
  return undefined;
}

/**
 * Returns why `ip` must not be fetched from, or undefined when it is a public address.
 * Anything that is not a valid IP address is classified as `reserved` (refused).
 */
export function classifyAddress(ip: string): AddressCategory | undefined {
  const bare = ip.replace(/^\[|\]$/g, '');
  const version = isIP(bare.replace(/%.*$/, ''));
  if (version === 4) {
    const v4 = parseV4(bare);
    return v4 ? classifyV4(v4) : 'reserved';
  }
  if (version === 6) {
    const v6 = parseV6(bare);
    return v6 ? classifyV6(v6) : 'reserved';
  }
  return 'reserved';
}

/** True when `host` (a URL hostname, possibly in brackets) is an IP literal rather than a name. */
export function isIpLiteral(host: string): boolean {
  return isIP(host.replace(/^\[|\]$/g, '')) !== 0;
}
