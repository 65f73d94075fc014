import { useState } from 'preact/hooks';
import { unwrap } from '../../api/client.js';
import type { components } from '../../api/schema.js';
import { defineMessages, useMessages } from '../../i18n/i18n.js';
import { useApp } from '../../ui/app-context.js';
import { Field } from '../../ui/common.js';
import { localDay } from './dates.js';
import { STEPS, type StepKind, stepWords } from './step-words.js';

type NonconformityDetail = components['schemas']['NonconformityDetail'];
type CorrectiveStepBody = components['schemas']['CorrectiveStepBody'];

const words = defineMessages({
  en: {
    title: 'Record a step',
    hint: 'Kept for good in the evidence ledger: write no e-mail address, phone number or card number.',
    step: 'Step',
    rootCause: 'Why it happened',
    actionId: 'Action id',
    actionIdHint: 'Letters, digits or _ . : -',
    description: 'What the action does',
    ownerId: 'Owner (pseudonymous id)',
    dueOn: 'Due on',
    completedOn: 'Done on',
    evidenceRef: 'Reference of the evidence (optional)',
    effective: 'The actions removed the cause',
    note: 'Remark (optional)',
    record: 'Record the step',
    recording: 'Recording…',
    failed: 'The step was not recorded',
  },
  fr: {
    title: 'Enregistrer une étape',
    hint: 'Conservé définitivement dans le registre de preuves : n’écrivez ni adresse e-mail, ni numéro de téléphone, ni numéro de carte.',
    step: 'Étape',
    rootCause: 'Pourquoi c’est arrivé',
    actionId: 'Identifiant de l’action',
    actionIdHint: 'Lettres, chiffres ou _ . : -',
    description: 'Ce que fait l’action',
    ownerId: 'Responsable (identifiant pseudonyme)',
    dueOn: 'Échéance',
    completedOn: 'Réalisée le',
    evidenceRef: 'Référence de la preuve (facultatif)',
    effective: 'Les actions ont supprimé la cause',
    note: 'Remarque (facultatif)',
    record: 'Enregistrer l’étape',
    recording: 'Enregistrement…',
    failed: 'L’étape n’a pas été enregistrée',
  },
});

/**
 * The compliance officer's form to record a corrective step (POST …/actions). The page renders it only when the role
 * may call that route; the API checks it again. A new step id per submission would make a retry a second step, so
 * the id is kept until the step is recorded.
 */
export function CorrectiveStepForm(props: {
  nonconformity: NonconformityDetail;
  timeZone: string;
  /** The nonconformity as the API answers after the step, and the step recorded. */
  onRecorded: (nonconformity: NonconformityDetail, step: StepKind) => void;
}) {
  const w = useMessages(words);
  const st = useMessages(stepWords);
  const { api } = useApp();
  const { nonconformity: n } = props;
  const today = localDay(new Date(), props.timeZone);
  const planned = n.actions.filter((action) => action.status === 'planned');
  const [step, setStep] = useState<StepKind>(n.rootCause ? 'action-planned' : 'root-cause');
  const [values, setValues] = useState<Record<string, string>>({});
  const [effective, setEffective] = useState(true);
  const [stepId, setStepId] = useState(() => crypto.randomUUID());
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const value = (name: string, fallback = '') => values[name] ?? fallback;
  const input = (name: string) => (event: { currentTarget: { value: string } }) =>
    setValues({ ...values, [name]: event.currentTarget.value });

  const body = (): CorrectiveStepBody => {
    const optional = (name: string) => (value(name).trim() === '' ? {} : { [name]: value(name).trim() });
    switch (step) {
      case 'root-cause':
        return { step, stepId, rootCause: value('rootCause').trim() };
      case 'action-planned':
        return {
          step,
          stepId,
          actionId: value('actionId').trim(),
          description: value('description').trim(),
          ownerId: value('ownerId').trim(),
          dueOn: value('dueOn'),
        };
      case 'action-completed':
        return {
          step,
          stepId,
          actionId: value('completedActionId', planned[0]?.actionId ?? ''),
          completedOn: value('completedOn', today),
          ...optional('evidenceRef'),
        };
      case 'verified':
        return { step, stepId, effective, ...optional('note') };
      case 'closed':
        return { step, stepId, ...optional('note') };
    }
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      const updated = await unwrap(
        api.POST('/v1/tenants/{tenantId}/nonconformities/{nonconformityId}/actions', {
          params: { path: { tenantId: n.tenantId, nonconformityId: n.nonconformityId } },
          body: body(),
        }),
      );
      setValues({});
      setStepId(crypto.randomUUID());
      props.onRecorded(updated, step);
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="record-step-title">
      <h2 id="record-step-title">{w.title}</h2>
      <p class="hint">{w.hint}</p>
      <form class="stacked" onSubmit={(event) => void submit(event)} data-testid="corrective-step-form">
        <Field label={w.step}>
          <select value={step} onChange={(event) => setStep(event.currentTarget.value as StepKind)}>
            {STEPS.map((kind) => (
              <option key={kind} value={kind}>
                {st[kind]}
              </option>
            ))}
          </select>
        </Field>
        {step === 'root-cause' && (
          <Field label={w.rootCause}>
            <textarea required maxLength={2000} rows={3} value={value('rootCause')} onInput={input('rootCause')} />
          </Field>
        )}
        {step === 'action-planned' && (
          <>
            <Field label={w.actionId} hint={w.actionIdHint}>
              <input required pattern="[A-Za-z0-9_.:\-]+" value={value('actionId')} onInput={input('actionId')} />
            </Field>
            <Field label={w.description}>
              <textarea
                required
                maxLength={2000}
                rows={3}
                value={value('description')}
                onInput={input('description')}
              />
            </Field>
            <Field label={w.ownerId}>
              <input required value={value('ownerId')} onInput={input('ownerId')} />
            </Field>
            <Field label={w.dueOn}>
              <input type="date" required min={today} value={value('dueOn')} onInput={input('dueOn')} />
            </Field>
          </>
        )}
        {step === 'action-completed' && (
          <>
            <Field label={w.actionId}>
              <select
                required
                value={value('completedActionId', planned[0]?.actionId ?? '')}
                onChange={input('completedActionId')}
              >
                {planned.map((action) => (
                  <option key={action.actionId} value={action.actionId}>
                    {action.actionId}: {action.description}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={w.completedOn}>
              <input
                type="date"
                required
                max={today}
                value={value('completedOn', today)}
                onInput={input('completedOn')}
              />
            </Field>
            <Field label={w.evidenceRef}>
              <input value={value('evidenceRef')} onInput={input('evidenceRef')} />
            </Field>
          </>
        )}
        {step === 'verified' && (
          <label class="checkbox">
            <input
              type="checkbox"
              checked={effective}
              onChange={(event) => setEffective(event.currentTarget.checked)}
            />{' '}
            {w.effective}
          </label>
        )}
        {(step === 'verified' || step === 'closed') && (
          <Field label={w.note}>
            <textarea maxLength={1000} rows={2} value={value('note')} onInput={input('note')} />
          </Field>
        )}
        <div>
          <button type="submit" disabled={busy || (step === 'action-completed' && planned.length === 0)}>
            {busy ? w.recording : w.record}
          </button>
        </div>
      </form>
      <div aria-live="assertive" class="result" data-testid="corrective-step-failure">
        {failure !== undefined && (
          <p class="error">
            <strong>{w.failed}.</strong> {failure}
          </p>
        )}
      </div>
    </section>
  );
}
