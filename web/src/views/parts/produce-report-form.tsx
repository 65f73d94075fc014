import { useState } from 'preact/hooks';
import { unwrap } from '../../api/client.js';
import type { components } from '../../api/schema.js';
import { defineMessages, useMessages } from '../../i18n/i18n.js';
import { useApp } from '../../ui/app-context.js';
import { Field } from '../../ui/common.js';
import { lastCompleteMonth, localDay } from './dates.js';

type MonthlyReport = components['schemas']['MonthlyReport'];

const words = defineMessages({
  en: {
    title: 'Produce a report now',
    hint: 'An ended month only. A month already reported is sent to the recipients it has not reached yet.',
    month: 'Month',
    force: 'Generate it again and send it to everyone',
    produce: 'Produce and send',
    producing: 'Producing… this takes a few seconds.',
    failed: 'The report was not produced',
  },
  fr: {
    title: 'Produire un rapport maintenant',
    hint: 'Un mois terminé seulement. Un mois déjà publié n’est envoyé qu’aux destinataires qui ne l’ont pas encore reçu.',
    month: 'Mois',
    force: 'Le produire à nouveau et l’envoyer à tous',
    produce: 'Produire et envoyer',
    producing: 'Production… cela prend quelques secondes.',
    failed: 'Le rapport n’a pas été produit',
  },
});

/**
 * The compliance officer's POST reports/{month}: rendered only for a role the route admits (the API checks again).
 * The month defaults to the last ended one in the tenant's time zone, the only kind the API accepts.
 */
export function ProduceReportForm(props: {
  tenantId: string;
  timeZone: string;
  onProduced: (report: MonthlyReport) => void;
}) {
  const w = useMessages(words);
  const { api } = useApp();
  const latest = lastCompleteMonth(localDay(new Date(), props.timeZone)).from.slice(0, 7);
  const [month, setMonth] = useState(latest);
  const [force, setForce] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      const report = await unwrap(
        api.POST('/v1/tenants/{tenantId}/reports/{month}', {
          params: { path: { tenantId: props.tenantId, month } },
          body: force ? { force: true } : {},
        }),
      );
      setForce(false);
      props.onProduced(report);
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="produce-title">
      <h2 id="produce-title">{w.title}</h2>
      <p class="hint">{w.hint}</p>
      <form class="stacked" onSubmit={(event) => void submit(event)} data-testid="produce-report-form">
        <Field label={w.month}>
          <input
            type="month"
            required
            max={latest}
            pattern="\d{4}-\d{2}"
            value={month}
            onInput={(event) => setMonth(event.currentTarget.value)}
          />
        </Field>
        <label class="checkbox">
          <input type="checkbox" checked={force} onChange={(event) => setForce(event.currentTarget.checked)} />{' '}
          {w.force}
        </label>
        <div>
          <button type="submit" disabled={busy}>
            {busy ? w.producing : w.produce}
          </button>
        </div>
      </form>
      <div aria-live="assertive" data-testid="produce-report-failure">
        {failure !== undefined && (
          <p class="error">
            <strong>{w.failed}.</strong> {failure}
          </p>
        )}
      </div>
    </section>
  );
}
