import { unwrap } from '../api/client.js';
import { useFormat } from '../i18n/format.js';
import { defineMessages, useMessages } from '../i18n/i18n.js';
import { Loaded, PageTitle, StatusBadge } from '../ui/common.js';
import { useApi } from '../ui/use-api.js';
import { Facts } from './parts/parts.js';
import type { TenantViewProps } from './tenant-view.js';
import './views.css';

const words = defineMessages({
  en: {
    title: 'Evidence ledger',
    subtitle:
      'Every record of evidence is chained by hash; the chain is checked against its write-once anchors on each visit.',
    verdict: 'Verdict',
    valid: 'Intact',
    broken: 'Broken',
    validText: (entries: string) => `The chain of ${entries} entries verifies from the first to the last.`,
    brokenText: (at: string) => `The chain does not verify from entry ${at} on.`,
    brokenUnknown: 'The chain does not verify.',
    reason: 'What failed',
    entries: 'Entries',
    anchors: 'Anchors checked',
    latestSequence: 'Latest anchored entry',
    latestAnchoredAt: 'Latest anchored',
    again: 'Verify again',
    verifying: 'Verifying…',
    checkedAt: (when: string) => `Checked ${when}.`,
  },
  fr: {
    title: 'Registre de preuves',
    subtitle:
      'Chaque preuve est chaînée par empreinte ; la chaîne est vérifiée contre ses ancres non modifiables à chaque visite.',
    verdict: 'Verdict',
    valid: 'Intègre',
    broken: 'Rompue',
    validText: (entries: string) => `La chaîne de ${entries} entrées se vérifie de la première à la dernière.`,
    brokenText: (at: string) => `La chaîne ne se vérifie plus à partir de l’entrée ${at}.`,
    brokenUnknown: 'La chaîne ne se vérifie pas.',
    reason: 'Ce qui a échoué',
    entries: 'Entrées',
    anchors: 'Ancres vérifiées',
    latestSequence: 'Dernière entrée ancrée',
    latestAnchoredAt: 'Dernier ancrage',
    again: 'Vérifier à nouveau',
    verifying: 'Vérification…',
    checkedAt: (when: string) => `Vérifié le ${when}.`,
  },
});

/** `/app/tenants/:tenantId/ledger`: whether the tenant's evidence ledger verifies, checked again on demand. */
export function LedgerView(props: TenantViewProps) {
  const w = useMessages(words);
  const format = useFormat();
  const { tenantId, timeZone } = props;
  const verdict = useApi(
    async (api) => {
      const result = await unwrap(api.GET('/v1/tenants/{tenantId}/ledger/verify', { params: { path: { tenantId } } }));
      return { result, checkedAt: new Date().toISOString() };
    },
    [tenantId],
  );
  return (
    <section>
      <PageTitle title={w.title} subtitle={w.subtitle} />
      <div aria-live="polite" data-testid="ledger-verdict">
        <Loaded value={verdict}>
          {({ result: v, checkedAt }) => (
            <>
              <p class="verdict" data-valid={String(v.valid)}>
                <StatusBadge status={v.valid ? 'valid' : 'breached'} label={v.valid ? w.valid : w.broken} />{' '}
                {v.valid
                  ? w.validText(format.integer(v.entries))
                  : v.firstBrokenAt === undefined
                    ? w.brokenUnknown
                    : w.brokenText(String(v.firstBrokenAt))}
              </p>
              <Facts
                testId="ledger-facts"
                items={[
                  ...(v.valid ? [] : [[w.reason, v.reason ?? '—'] as const]),
                  [w.entries, <span data-testid="ledger-entries">{format.integer(v.entries)}</span>],
                  [w.anchors, <span data-testid="ledger-anchors">{format.integer(v.anchors.checked)}</span>],
                  [w.latestSequence, v.anchors.latestSequence === undefined ? '—' : String(v.anchors.latestSequence)],
                  [w.latestAnchoredAt, format.dateTime(v.anchors.latestAnchoredAt, timeZone)],
                ]}
              />
              <p class="hint">{w.checkedAt(format.dateTime(checkedAt, timeZone))}</p>
            </>
          )}
        </Loaded>
      </div>
      <p class="section-actions">
        <button type="button" onClick={verdict.reload} disabled={verdict.state === 'loading'}>
          {verdict.state === 'loading' ? w.verifying : w.again}
        </button>
      </p>
    </section>
  );
}
