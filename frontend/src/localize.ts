import { en, type Strings } from "./translations/en.js";

// Languages the card has strings for; the user's Home Assistant language picks one.
const LANGUAGES: Record<string, Strings> = { en };

export type Localize = (key: string, vars?: Record<string, string | number>) => string;

/** Strings of `language` ("de-CH" tries "de-CH", then "de"), English for any missing key. */
export function localizer(language: string | undefined): Localize {
  const base = (language ?? "en").split("-")[0];
  const chosen = LANGUAGES[language ?? ""] ?? LANGUAGES[base] ?? en;
  return (key, vars = {}) => {
    const [section, name] = key.split(".", 2);
    const text = chosen[section]?.[name] ?? (en as Strings)[section]?.[name] ?? key;
    return text.replace(/\{(\w+)\}/g, (whole, field: string) =>
      field in vars ? String(vars[field]) : whole,
    );
  };
}
