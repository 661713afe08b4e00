/**
 * HTML built from tagged templates: every interpolated value is escaped unless it is already SafeHtml,
 * so a name, a note or a gateway's detail can never become markup. Arrays are joined (a list of rows).
 */
export type SafeHtml = { readonly __html: string };

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Text made safe for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (char) => ESCAPES[char] ?? char);
}

export function isSafeHtml(value: unknown): value is SafeHtml {
  return typeof value === 'object' && value !== null && typeof (value as SafeHtml).__html === 'string';
}

/** Markup this code wrote itself (never user input): the one way around escaping. */
export function trustedHtml(markup: string): SafeHtml {
  return { __html: markup };
}

function render(value: unknown): string {
  if (value === undefined || value === null || value === false) return '';
  if (isSafeHtml(value)) return value.__html;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** `html\`<td>${name}</td>\`` → SafeHtml; undefined, null and false render as nothing. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return { __html: out };
}
