import { VaultlineError } from '../errors.ts';

/** The PDF report embeds a CJK font so that Chinese names print; without it, it cannot be made. */
export class ReportFontMissingError extends VaultlineError {
  constructor(readonly fontPath: string) {
    super(
      'REPORT_FONT_MISSING',
      `the PDF report needs the CJK font ${fontPath} to print Chinese names: install it with \`apt-get install fonts-wqy-microhei\` (or configure another .ttc/.ttf)`,
    );
  }
}

export class ReportFontInvalidError extends VaultlineError {
  constructor(fontPath: string, cause: unknown) {
    super(
      'REPORT_FONT_INVALID',
      `the font ${fontPath} could not be loaded for the PDF report (${cause instanceof Error ? cause.message : String(cause)}): for a .ttc collection give the PostScript name of a face in it`,
      { cause },
    );
  }
}
