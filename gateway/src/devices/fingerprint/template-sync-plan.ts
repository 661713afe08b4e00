import { R30X_TEMPLATE_BYTES } from '@vaultline/shared/codecs/fingerprint-r30x/r30x-codec';
import { TemplateCapacityError, TemplateInputError } from './fingerprint-errors.ts';

export interface WantedTemplate {
  personId: string;
  template: Uint8Array;
}

/** What the module holds: every occupied page and the template read back from it (null if unreadable). */
export interface LibraryPage {
  pageId: number;
  template: Uint8Array | null;
}

export interface TemplateSyncPlan {
  /** Pages already holding a wanted template, left alone. */
  keep: Array<{ pageId: number; personId: string }>;
  /** Pages nobody wants (or holding a duplicate or unreadable template), ascending. */
  delete: number[];
  /** Wanted templates missing from the module, each with the free page it goes to. */
  store: Array<{ pageId: number; personId: string; template: Uint8Array }>;
  /** The library after the plan: pageId → personId, ascending by page. */
  pages: Map<number, string>;
}

/**
 * Checks the wanted templates before anything touches the module: each one an R30x template (§6: 512
 * bytes), one person per template (listing the same person and template twice is harmless), and no more
 * templates than pages. A person may have several templates (several fingers).
 */
export function wantedTemplates(
  device: string,
  entries: ReadonlyArray<WantedTemplate>,
  capacity: number,
): WantedTemplate[] {
  const byTemplate = new Map<string, WantedTemplate>();
  for (const entry of entries) {
    if (entry.template.length !== R30X_TEMPLATE_BYTES) {
      throw new TemplateInputError(
        `the template of ${entry.personId} has ${entry.template.length} bytes; an R30x template has ${R30X_TEMPLATE_BYTES} (read it from a module with UpChar)`,
      );
    }
    const key = templateKey(entry.template);
    const seen = byTemplate.get(key);
    if (seen && seen.personId !== entry.personId) {
      throw new TemplateInputError(
        `${seen.personId} and ${entry.personId} have the same template; fix the enrolment data`,
      );
    }
    if (!seen) byTemplate.set(key, entry);
  }
  if (byTemplate.size > capacity) throw new TemplateCapacityError(device, byTemplate.size, capacity);
  return [...byTemplate.values()];
}

/**
 * Compares the library with the wanted templates byte for byte (the module is the source of truth, no
 * external page mapping is kept): matching pages stay, the rest are deleted, missing templates go to the
 * lowest free pages. Deletions run before stores, so freed pages are reused.
 */
export function planTemplateSync(
  wanted: ReadonlyArray<WantedTemplate>,
  library: ReadonlyArray<LibraryPage>,
  capacity: number,
): TemplateSyncPlan {
  const missing = new Map(wanted.map((entry) => [templateKey(entry.template), entry]));
  const keep: TemplateSyncPlan['keep'] = [];
  const remove: number[] = [];
  for (const page of [...library].sort((a, b) => a.pageId - b.pageId)) {
    const key = page.template ? templateKey(page.template) : undefined;
    const entry = key === undefined ? undefined : missing.get(key);
    if (entry && key !== undefined) {
      keep.push({ pageId: page.pageId, personId: entry.personId });
      missing.delete(key);
    } else {
      remove.push(page.pageId);
    }
  }
  const kept = new Set(keep.map((page) => page.pageId));
  const freePages = function* () {
    for (let pageId = 0; pageId < capacity; pageId++) if (!kept.has(pageId)) yield pageId;
  };
  const free = freePages();
  const store = [...missing.values()].map((entry) => {
    const next = free.next();
    if (next.done)
      throw new RangeError('planTemplateSync: more templates than pages; check with wantedTemplates first');
    return { pageId: next.value, personId: entry.personId, template: entry.template };
  });
  const pages = new Map(
    [...keep, ...store]
      .sort((a, b) => a.pageId - b.pageId)
      .map((page) => [page.pageId, page.personId] as const),
  );
  return { keep, delete: remove, store, pages };
}

/** Consecutive pages folded into DeletChar ranges (start page, count). */
export function deleteRanges(pages: ReadonlyArray<number>): Array<{ startPage: number; count: number }> {
  const ranges: Array<{ startPage: number; count: number }> = [];
  for (const pageId of [...pages].sort((a, b) => a - b)) {
    const last = ranges.at(-1);
    if (last && last.startPage + last.count === pageId) last.count++;
    else ranges.push({ startPage: pageId, count: 1 });
  }
  return ranges;
}

function templateKey(template: Uint8Array): string {
  return Buffer.from(template.buffer, template.byteOffset, template.length).toString('base64');
}
