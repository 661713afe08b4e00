/**
 * A signed plan bundle with one character of its payload changed — what a bit flip on removable media or
 * an edit by hand does. The result is still well-formed base64url, so only the signature can catch it.
 */
export function tamperPayload(jws: string): string {
  const [header, payload, signature] = jws.split('.') as [string, string, string];
  const at = Math.floor(payload.length / 2);
  const flipped = payload[at] === 'A' ? 'B' : 'A';
  return [header, `${payload.slice(0, at)}${flipped}${payload.slice(at + 1)}`, signature].join('.');
}
