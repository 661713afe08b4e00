import { DOMAIN_LABELS } from '@vaultline/shared/i18n/domain-labels';
import { en } from './en.ts';
import { fleetEn } from './fleet.en.ts';
import { fleetZhCN } from './fleet.zh-CN.ts';
import { gatewaysEn } from './gateways.en.ts';
import { gatewaysZhCN } from './gateways.zh-CN.ts';
import { peopleEn } from './people.en.ts';
import { peopleZhCN } from './people.zh-CN.ts';
import { plansEn } from './plans.en.ts';
import { plansZhCN } from './plans.zh-CN.ts';
import { recordsEn } from './records.en.ts';
import { recordsZhCN } from './records.zh-CN.ts';
import { zhCN } from './zh-CN.ts';

export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'zh-CN';

export type Messages = Readonly<Record<string, string>>;

/**
 * Every language's messages, merged from one file per language and part: the domain's names shared with
 * the kiosk and the report (`alarm.*` kinds, `severity.*`, stop `kind.*`, alarm `fact.*`), the core
 * (layout, login, alarms, runs, gateways, audit) and one file per page family (`records.zh-CN.ts`, …).
 * A page family adds its files to these lists; keys are namespaced by page (`records.search.title`).
 */
const PARTS: Record<Lang, Messages[]> = {
  'zh-CN': [DOMAIN_LABELS.zh, zhCN, recordsZhCN, peopleZhCN, plansZhCN, fleetZhCN, gatewaysZhCN],
  en: [DOMAIN_LABELS.en, en, recordsEn, peopleEn, plansEn, fleetEn, gatewaysEn],
};

const CATALOGUE: Record<Lang, Map<string, string>> = {
  'zh-CN': new Map(PARTS['zh-CN'].flatMap((part) => Object.entries(part))),
  en: new Map(PARTS.en.flatMap((part) => Object.entries(part))),
};

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/**
 * One message in one language with `{name}` parameters filled in. An unknown key comes back as the key
 * itself (visible on the page, so a missing translation is noticed, never a crash).
 */
export function t(lang: Lang, key: string, params?: Record<string, string | number>): string {
  const message = CATALOGUE[lang]?.get(key) ?? key;
  if (!params) return message;
  return message.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** The keys with a given prefix and their messages, for a page script (e.g. `alarm.` kinds). */
export function messagesWithPrefix(lang: Lang, prefixes: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of CATALOGUE[lang]) {
    if (prefixes.some((prefix) => key.startsWith(prefix))) out[key] = message;
  }
  return out;
}

/** Keys present in one language and missing in another (a test keeps this empty). */
export function missingTranslations(): { lang: Lang; key: string }[] {
  const all = new Set([...CATALOGUE['zh-CN'].keys(), ...CATALOGUE.en.keys()]);
  return LANGS.flatMap((lang) =>
    [...all].filter((key) => !CATALOGUE[lang].has(key)).map((key) => ({ lang, key })),
  );
}
