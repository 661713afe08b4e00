/** Base64 as people paste it: line breaks and spaces allowed, a `data:…;base64,` prefix dropped. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The bytes of a pasted base64 text, '' → empty, or undefined when it is not base64. */
export function decodePastedBase64(text: string): Uint8Array | undefined {
  const data = text.startsWith('data:') ? text.slice(text.indexOf(',') + 1) : text;
  const compact = data.replace(/\s+/g, '');
  if (!BASE64.test(compact)) return undefined;
  return new Uint8Array(Buffer.from(compact, 'base64'));
}
