import { useEffect } from 'preact/hooks';
import type { Session } from '../auth/session.js';
import { defineMessages, useMessages } from '../i18n/i18n.js';

const words = defineMessages({
  en: {
    title: 'ISO 18295 compliance dashboard',
    lead: 'Sign in to see the contact centre’s compliance: KPIs against the agreement, controls, complaints, competence and evidence.',
    signIn: 'Sign in',
    failed: 'The sign-in did not complete:',
  },
  fr: {
    title: 'Tableau de bord de conformité ISO 18295',
    lead: 'Connectez-vous pour voir la conformité du centre de contact : indicateurs face au contrat, contrôles, réclamations, compétences et preuves.',
    signIn: 'Se connecter',
    failed: "La connexion n'a pas abouti :",
  },
});

/** The page before sign-in: one button, which leaves for the hosted sign-in page. */
export function SignedOut(props: { session: Session; reason: string | undefined }) {
  const w = useMessages(words);
  useEffect(() => {
    document.title = w.title;
  }, [w.title]);
  const returnTo = window.location.pathname.startsWith('/app/')
    ? window.location.pathname + window.location.search
    : '/app/';
  return (
    <main id="content" class="signed-out">
      <h1>{w.title}</h1>
      <p>{w.lead}</p>
      {props.reason && (
        <p class="error" role="alert">
          {w.failed} {props.reason}
        </p>
      )}
      <button type="button" onClick={() => void props.session.signIn(returnTo)}>
        {w.signIn}
      </button>
    </main>
  );
}
