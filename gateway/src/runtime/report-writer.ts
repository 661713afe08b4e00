import type { Logger } from '@vaultline/shared';
import type { HandoverCompletedBody } from '@vaultline/shared/contract/event-bodies';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import { handoverContext, involvedPeople, reportPerson } from '@vaultline/shared/report/handover-context';
import { renderReportHtml } from '@vaultline/shared/report/report-html';
import type { ReportRecord } from '@vaultline/shared/report/report-record';
import type { GatewayConfig } from '../config/gateway-config.ts';
import type { GatewayStore } from '../store/open-store.ts';
import type { PlanService } from './plan-service.ts';

/** How far back in the chain a hand-over's captures and alarms are looked up (one hand-over is far shorter). */
const LOOKBACK_EVENTS = 5_000;

/**
 * Writes the printable report (HTML and PDF) of every completed hand-over, from the signed record, the
 * plan's names and photos, and the faces captured at the door.
 */
export class ReportWriter {
  private pending = new Set<Promise<void>>();

  constructor(
    private readonly options: {
      store: GatewayStore;
      plans: PlanService;
      config: GatewayConfig;
      logger: Logger;
    },
  ) {}

  write(envelope: EventEnvelope): Promise<void> {
    const job = this.render(envelope).catch((error: Error) =>
      this.options.logger.error({ err: error, seq: envelope.seq }, 'hand-over report could not be written'),
    );
    this.pending.add(job);
    void job.finally(() => this.pending.delete(job));
    return job;
  }

  async get(handoverId: string, format: 'html' | 'pdf'): Promise<Uint8Array | undefined> {
    const report = this.options.store.reports.get(handoverId);
    if (!report) return undefined;
    return format === 'html' ? Buffer.from(report.html, 'utf8') : report.pdf;
  }

  /**
   * Writes the reports a crash left unwritten: a hand-over record is committed before its report is
   * rendered, so a `kill -9` in between leaves a record without a report. Only the newest events are
   * looked at; a crash interrupts at most the reports in flight.
   */
  async catchUp(): Promise<void> {
    const { store } = this.options;
    const recent = store.events.range(Math.max(1, store.events.lastSeq() - LOOKBACK_EVENTS + 1));
    const unwritten = recent.filter(
      (event) =>
        event.type === 'handover.completed' &&
        !store.reports.get((event.body as HandoverCompletedBody).handoverId),
    );
    await Promise.all(unwritten.map((event) => this.write(event)));
  }

  /** Resolves when every report started so far is written. */
  async idle(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  /** The report input for a completed hand-over; exported for the CLI and tests. */
  record(envelope: EventEnvelope): ReportRecord {
    const { store, plans, config } = this.options;
    const completed = envelope.body as HandoverCompletedBody;
    const plan = plans.current();
    const people = new Map((plan?.people ?? []).map((p) => [p.personId, p]));
    const earlier = store.events.range(Math.max(1, envelope.seq - LOOKBACK_EVENTS), envelope.seq);
    const { captureIds, alarms } = handoverContext(earlier, completed);
    const captured = new Map<string, Uint8Array>();
    for (const [personId, captureId] of captureIds) {
      const face = store.faces.get(captureId);
      if (face) captured.set(personId, face.jpeg);
    }
    return {
      completed,
      site: { siteId: completed.siteId, name: config.siteName },
      vehicle: {
        vehicleId: completed.vehicleId,
        plate: plan?.vehicles.find((v) => v.vehicleId === completed.vehicleId)?.plate ?? completed.vehicleId,
      },
      people: involvedPeople(completed).map((personId) => reportPerson(personId, people.get(personId))),
      photos: Object.fromEntries(
        completed.crew.map((personId) => [
          personId,
          { stored: people.get(personId)?.photoJpeg, captured: captured.get(personId) },
        ]),
      ),
      recordHash: envelope.hash,
      seq: envelope.seq,
      gatewayId: envelope.gw,
      alarms,
    };
  }

  private async render(envelope: EventEnvelope): Promise<void> {
    const record = this.record(envelope);
    const html = renderReportHtml(record);
    // The PDF library (with its font engine) is loaded on the first report only: ~26 MB a gateway does not
    // need to hold before any hand-over has completed.
    const { renderReportPdf } = await import('@vaultline/shared/report/report-pdf');
    const pdf = await renderReportPdf(record);
    this.options.store.reports.save({
      handoverId: record.completed.handoverId,
      html,
      pdf,
      recordHash: envelope.hash,
    });
    this.options.logger.info(
      { handoverId: record.completed.handoverId, seq: envelope.seq },
      'hand-over report written',
    );
  }
}
