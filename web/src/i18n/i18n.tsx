import { type ComponentChildren, createContext } from 'preact';
import { useContext, useEffect, useMemo, useState } from 'preact/hooks';

/** The dashboard's languages: those of the agreements and the monthly reports. */
export type Lang = 'en' | 'fr';
export const LANGS: readonly Lang[] = ['en', 'fr'];

type Message = string | ((...args: never[]) => string);
type Messages = Record<string, Message>;

/**
 * One view's words in both languages, next to the view that uses them. The French must have every key the English
 * has, with the same parameters: a missing translation fails the type check, not the page.
 */
export function defineMessages<T extends Messages>(messages: { en: T; fr: { [K in keyof T]: T[K] } }) {
  return messages;
}

const STORAGE_KEY = 'ccc-dashboard.lang';

/** Why the page speaks the language it does, so the switch can say so. */
export type LangSource = 'choice' | 'agreement' | 'browser';

interface I18nState {
  readonly lang: Lang;
  readonly source: LangSource;
  readonly choose: (lang: Lang) => void;
}

const I18nContext = createContext<I18nState>({ lang: 'en', source: 'browser', choose: () => undefined });

/** The first of the browser's preferred languages the dashboard speaks; English otherwise. */
export function browserLang(languages: readonly string[] = navigator.languages ?? [navigator.language]): Lang {
  for (const tag of languages) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'fr' || base === 'en') return base;
  }
  return 'en';
}

function storedChoice(): Lang | undefined {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return value === 'fr' || value === 'en' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Chooses the language: the person's own choice first (kept in this browser); else the agreement's language when the
 * person sees one client organisation only (a client manager reads the language of their contract); else the
 * browser's.
 */
export function I18nProvider(props: { agreementLang: Lang | undefined; children: ComponentChildren }) {
  const [choice, setChoice] = useState<Lang | undefined>(storedChoice);
  const state = useMemo<I18nState>(() => {
    const choose = (lang: Lang) => {
      try {
        window.localStorage.setItem(STORAGE_KEY, lang);
      } catch {
        // Private browsing: the choice lasts for this page only.
      }
      setChoice(lang);
    };
    if (choice !== undefined) return { lang: choice, source: 'choice', choose };
    if (props.agreementLang !== undefined) return { lang: props.agreementLang, source: 'agreement', choose };
    return { lang: browserLang(), source: 'browser', choose };
  }, [choice, props.agreementLang]);
  useEffect(() => {
    document.documentElement.lang = state.lang;
  }, [state.lang]);
  return <I18nContext.Provider value={state}>{props.children}</I18nContext.Provider>;
}

export function useI18n(): I18nState {
  return useContext(I18nContext);
}

/** The words of one view in the current language. */
export function useMessages<T extends Messages>(messages: { en: T; fr: { [K in keyof T]: T[K] } }): T {
  return messages[useI18n().lang] as T;
}
