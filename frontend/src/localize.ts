import { en, type Strings } from "./translations/en.js";

// Languages the card has strings for; the user's Home Assistant language picks one.
const LANGUAGES: Record<string, Strings> = { en };

export type Localize = (key: string, vars?: Record<string, string | number>) => string;

const made = new Map<string, Localize>();

/**
 * Strings of `language` ("de-CH" tries "de-CH", then "de"), English for any missing key. The same
 * function for the same language: views that depend on it are not drawn again for nothing.
 */
export function localizer(language: string | undefined): Localize {
  const key = language ?? "";
  let localize = made.get(key);
  if (!localize) {
    localize = makeLocalizer(language);
    made.set(key, localize);
  }
  return localize;
}

function makeLocalizer(language: string | undefined): Localize {
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
