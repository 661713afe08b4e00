import { asc, eq } from 'drizzle-orm';
import { personnelImports } from './schema.ts';
import type { StoreDb } from './store-db.ts';

export type PersonnelImportRecord = typeof personnelImports.$inferSelect;

/** Every personnel file imported, by the SHA-256 of the sealed file (unique: a file is imported once). */
export class PersonnelImportRepo {
  constructor(private readonly db: StoreDb) {}

  record(entry: PersonnelImportRecord): void {
    this.db.insert(personnelImports).values(entry).run();
  }

  bySha256(fileSha256: string): PersonnelImportRecord | undefined {
    return this.db.select().from(personnelImports).where(eq(personnelImports.fileSha256, fileSha256)).get();
  }

  /** Oldest first. */
  list(): PersonnelImportRecord[] {
    return this.db.select().from(personnelImports).orderBy(asc(personnelImports.importedAt)).all();
  }
}
