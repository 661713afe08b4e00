import type { ConsolePage } from '../console-context.ts';
import { recordsDetailPage } from './records-detail-page.ts';
import { recordsSearchPage } from './records-search-page.ts';

/** The hand-over record pages: search with CSV export, and each record's detail, chain check and PDF. */
export const recordsPage: ConsolePage = (app, deps) => {
  recordsSearchPage(app, deps);
  recordsDetailPage(app, deps);
};
