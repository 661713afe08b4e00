import type { FastifyRequest } from 'fastify';
import type { ConsoleDeps } from './console-context.ts';
import { html, type SafeHtml } from './html.ts';

/** A posted form: one string per field, an array when a field name repeats (checkboxes). */
export type FormBody = Record<string, string | string[]>;

/** The form field's value (the first one when repeated); '' when absent or when there is no form. */
export function formField(body: unknown, name: string): string {
  if (typeof body !== 'object' || body === null) return '';
  const value = (body as FormBody)[name];
  if (Array.isArray(value)) return value[0] ?? '';
  return typeof value === 'string' ? value : '';
}

/** Every value of a repeated form field. */
export function formFields(body: unknown, name: string): string[] {
  if (typeof body !== 'object' || body === null) return [];
  const value = (body as FormBody)[name];
  if (Array.isArray(value)) return value;
  return typeof value === 'string' ? [value] : [];
}

/** Parses `application/x-www-form-urlencoded` text into a FormBody. */
export function parseForm(text: string): FormBody {
  const body: FormBody = Object.create(null);
  for (const [name, value] of new URLSearchParams(text)) {
    const held = body[name];
    if (held === undefined) body[name] = value;
    else body[name] = Array.isArray(held) ? [...held, value] : [held, value];
  }
  return body;
}

/** The hidden field every console form carries; the console refuses a POST without it (403). */
export function csrfField(request: FastifyRequest): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${request.csrfToken ?? ''}">`;
}

/** The console's deps, reachable from a request in the console's scope (set by the plugin). */
const depsByRequest = new WeakMap<FastifyRequest, ConsoleDeps>();

export function attachDeps(request: FastifyRequest, deps: ConsoleDeps): void {
  depsByRequest.set(request, deps);
}

export function depsOf(request: FastifyRequest): ConsoleDeps {
  const deps = depsByRequest.get(request);
  if (!deps) throw new Error(`${request.url} is not served by the console plugin`);
  return deps;
}

/** A local path under /console to return to after login or a language switch; anything else → home. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string') return '/console/';
  // Same-site paths only: no scheme, no `//host`, no backslash tricks.
  return /^\/console(\/[^\\]*)?$/.test(next) && !next.startsWith('//') ? next : '/console/';
}
