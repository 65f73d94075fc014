import { useState } from 'preact/hooks';
import { unwrap } from '../api/client.js';
import type { components } from '../api/schema.js';
import { useFormat } from '../i18n/format.js';
import { defineMessages, useMessages } from '../i18n/i18n.js';
import { useApp } from '../ui/app-context.js';
import { Field, Loaded, PageTitle } from '../ui/common.js';
import type { Loadable } from '../ui/use-api.js';
import { lastCompleteMonth, localDay } from './parts/dates.js';
import { Facts } from './parts/parts.js';
import type { TenantViewProps } from './tenant-view.js';
import './views.css';

type EvidencePackLink = components['schemas']['EvidencePackLink'];

const words = defineMessages({
  en: {
    title: 'Evidence pack',
    subtitle:
      'A zip of the records an auditor samples over a window, with its manifest, signed into the evidence ledger.',
    from: 'First day',
    to: 'Last day',
    seed: 'Sampling seed (optional)',
    seedHint: 'The same seed over the same window draws the same samples again. Empty: a new one.',
    build: 'Build the pack',
    building: 'Building the pack…',
    slow: 'A large window takes tens of seconds.',
    badWindow: 'The first day must not be after the last.',
    result: 'The pack',
    download: 'Download the pack (zip)',
    expires: (when: string) => `The link works for five minutes, until ${when}.`,
    sha256: 'SHA-256 of the zip',
    bytes: 'Size',
    bytesValue: (bytes: string) => `${bytes} bytes`,
    ledgerSequence: 'Ledger entry',
    files: 'Files',
    manifest: 'SHA-256 of the manifest',
    seedUsed: 'Seed',
    ledgerHead: 'Ledger head cited',
    missing: 'Records left out (not kept by this deployment)',
    none: 'None',
    populations: 'Samples and their populations',
  },
  fr: {
    title: 'Dossier de preuves',
    subtitle:
      'Une archive zip des enregistrements qu’un auditeur échantillonne sur une période, avec son manifeste, inscrite au registre de preuves.',
    from: 'Premier jour',
    to: 'Dernier jour',
    seed: 'Graine d’échantillonnage (facultatif)',
    seedHint: 'La même graine sur la même période tire les mêmes échantillons. Vide : une nouvelle graine.',
    build: 'Constituer le dossier',
    building: 'Constitution du dossier…',
    slow: 'Une longue période prend plusieurs dizaines de secondes.',
    badWindow: 'Le premier jour ne doit pas être après le dernier.',
    result: 'Le dossier',
    download: 'Télécharger le dossier (zip)',
    expires: (when: string) => `Le lien fonctionne cinq minutes, jusqu’à ${when}.`,
    sha256: 'SHA-256 de l’archive',
    bytes: 'Taille',
    bytesValue: (bytes: string) => `${bytes} octets`,
    ledgerSequence: 'Entrée du registre',
    files: 'Fichiers',
    manifest: 'SHA-256 du manifeste',
    seedUsed: 'Graine',
    ledgerHead: 'Tête du registre citée',
    missing: 'Enregistrements absents (non conservés par ce déploiement)',
    none: 'Aucun',
    populations: 'Échantillons et leurs populations',
  },
});

/** `/app/tenants/:tenantId/evidence`: the auditor's evidence pack over a window, as a five-minute download link. */
export function EvidenceView(props: TenantViewProps) {
  const w = useMessages(words);
  const { api } = useApp();
  const { tenantId, timeZone } = props;
  const defaults = lastCompleteMonth(localDay(new Date(), timeZone));
  const [from, setFrom] = useState(defaults.from);
  const [to, setTo] = useState(defaults.to);
  const [seed, setSeed] = useState('');
  const [pack, setPack] = useState<Loadable<EvidencePackLink> | undefined>(undefined);
  const invalid = from !== '' && to !== '' && from > to;
  const submit = (event: Event) => {
    event.preventDefault();
    if (invalid) return;
    setPack({ state: 'loading' });
    const query = { from, to, redirect: 'false' as const, ...(seed.trim() === '' ? {} : { seed: Number(seed) }) };
    unwrap(api.GET('/v1/tenants/{tenantId}/evidence', { params: { path: { tenantId }, query } })).then(
      (link) => setPack({ state: 'ready', data: link }),
      (error: unknown) => setPack({ state: 'error', error: error instanceof Error ? error : new Error(String(error)) }),
    );
  };
  return (
    <section>
      <PageTitle title={w.title} subtitle={w.subtitle} />
      <form class="stacked" onSubmit={submit} data-testid="evidence-form">
        <Field label={w.from}>
          <input type="date" required value={from} max={to} onInput={(event) => setFrom(event.currentTarget.value)} />
        </Field>
        <Field label={w.to}>
          <input type="date" required value={to} min={from} onInput={(event) => setTo(event.currentTarget.value)} />
        </Field>
        <Field label={w.seed} hint={w.seedHint}>
          <input
            type="number"
            inputMode="numeric"
            min={0}
            max={4294967295}
            step={1}
            value={seed}
            onInput={(event) => setSeed(event.currentTarget.value)}
          />
        </Field>
        <div>
          <button type="submit" disabled={invalid || pack?.state === 'loading'}>
            {pack?.state === 'loading' ? w.building : w.build}
          </button>
        </div>
      </form>
      {invalid && (
        <p class="error" role="alert">
          {w.badWindow}
        </p>
      )}
      <div aria-live="polite" class="result" data-testid="evidence-result">
        {pack?.state === 'loading' && (
          <p class="loading">
            {w.building} {w.slow}
          </p>
        )}
        {pack && pack.state !== 'loading' && (
          <Loaded value={pack}>{(link) => <PackLink link={link} timeZone={timeZone} />}</Loaded>
        )}
      </div>
      {pack === undefined && <p class="hint">{w.slow}</p>}
    </section>
  );
}

function PackLink(props: { link: EvidencePackLink; timeZone: string }) {
  const w = useMessages(words);
  const format = useFormat();
  const { link } = props;
  const populations = Object.entries(link.manifest.populations);
  return (
    <section aria-labelledby="pack-title">
      <h2 id="pack-title">{w.result}</h2>
      <p class="section-actions">
        <a class="button-link" href={link.url} data-testid="evidence-download">
          {w.download}
        </a>
        <span class="hint">{w.expires(format.dateTime(link.expiresAt, props.timeZone))}</span>
      </p>
      <Facts
        testId="evidence-facts"
        items={[
          [
            w.sha256,
            <span class="mono" data-testid="evidence-sha256">
              {link.sha256}
            </span>,
          ],
          [w.bytes, <span data-testid="evidence-bytes">{w.bytesValue(format.integer(link.bytes))}</span>],
          [w.ledgerSequence, <span data-testid="evidence-ledger-sequence">{link.ledgerSequence}</span>],
          [w.files, <span data-testid="evidence-files">{format.integer(link.manifest.files)}</span>],
          [w.manifest, <span class="mono">{link.manifest.sha256}</span>],
          [w.seedUsed, String(link.manifest.seed)],
          [w.ledgerHead, `#${link.manifest.ledgerHead.sequence}`],
          [w.missing, link.manifest.missing.length === 0 ? w.none : link.manifest.missing.join(', ')],
          [
            w.populations,
            populations.length === 0 ? (
              w.none
            ) : (
              <ul class="plain">
                {populations.map(([file, size]) => (
                  <li key={file}>
                    {file}: {format.integer(size)}
                  </li>
                ))}
              </ul>
            ),
          ],
        ]}
      />
    </section>
  );
}
