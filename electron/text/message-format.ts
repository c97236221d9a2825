// Fills a catalog template with its parameters. Templates use a small subset of ICU message
// syntax: `{name}` for a value, `{kind, select, a {…} other {…}}` for a choice by value, and
// `{count, plural, one {# byte} other {# bytes}}` for words that
// change with a number. Plural categories come from Intl.PluralRules, so Polish and Russian get
// their three forms (one, few, many) from the same code as English's two.

export type MessageParams = Readonly<Record<string, string | number>>;

const pluralRules = new Map<string, Intl.PluralRules>();

function rulesFor(language: string): Intl.PluralRules {
  let rules = pluralRules.get(language);
  if (!rules) pluralRules.set(language, (rules = new Intl.PluralRules(language)));
  return rules;
}

/** `template` with every `{name}` and plural block filled from `params`, for `language`. */
export function formatMessage(template: string, params: MessageParams | undefined, language = 'en'): string {
  if (template.indexOf('{') < 0) return template;
  let out = '';
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, open);
    const close = matchingBrace(template, open);
    if (close < 0) {
      // An unbalanced brace is text, not a placeholder.
      out += template.slice(open);
      break;
    }
    out += placeholder(template.slice(open + 1, close), params, language);
    i = close + 1;
  }
  return out;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function placeholder(body: string, params: MessageParams | undefined, language: string): string {
  const comma = body.indexOf(',');
  if (comma < 0) {
    const v = params?.[body.trim()];
    return v === undefined ? `{${body}}` : String(v);
  }
  const name = body.slice(0, comma).trim();
  const rest = body.slice(comma + 1);
  const kindEnd = rest.indexOf(',');
  const kind = kindEnd < 0 ? '' : rest.slice(0, kindEnd).trim();
  if (kind === 'select') {
    // `{kind, select, tcp {…} other {…}}`: the form named by the value, else `other`.
    const forms = pluralForms(rest.slice(kindEnd + 1));
    const chosen = forms.get(String(params?.[name] ?? 'other')) ?? forms.get('other') ?? '';
    return formatMessage(chosen, params, language);
  }
  if (kind !== 'plural') return `{${body}}`;
  const value = Number(params?.[name] ?? NaN);
  const forms = pluralForms(rest.slice(kindEnd + 1));
  const exact = forms.get(`=${value}`);
  const chosen = exact ?? forms.get(Number.isFinite(value) ? rulesFor(language).select(value) : 'other') ?? forms.get('other') ?? '';
  // `#` stands for the number; the chosen form may hold placeholders of its own.
  return formatMessage(chosen.replace(/#/g, Number.isFinite(value) ? String(value) : '#'), params, language);
}

/** "one {# byte} other {# bytes}" as category → text. */
function pluralForms(text: string): Map<string, string> {
  const forms = new Map<string, string>();
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{', i);
    if (open < 0) break;
    const close = matchingBrace(text, open);
    if (close < 0) break;
    forms.set(text.slice(i, open).trim(), text.slice(open + 1, close));
    i = close + 1;
  }
  return forms;
}

/**
 * The placeholder names a template uses (plural and select variables included, and those inside
 * their forms), for catalog checks. A form's own text ("{nadawca}" in a select) is not a name.
 */
export function placeholdersOf(template: string): string[] {
  const names = new Set<string>();
  collectPlaceholders(template, names);
  return [...names].sort();
}

function collectPlaceholders(template: string, names: Set<string>): void {
  for (let open = template.indexOf('{'); open >= 0; ) {
    const close = matchingBrace(template, open);
    if (close < 0) return;
    const body = template.slice(open + 1, close);
    const comma = body.indexOf(',');
    if (comma < 0) {
      if (/^\s*[A-Za-z_]\w*\s*$/.test(body)) names.add(body.trim());
    } else {
      names.add(body.slice(0, comma).trim());
      const rest = body.slice(comma + 1);
      const kindEnd = rest.indexOf(',');
      const kind = kindEnd < 0 ? '' : rest.slice(0, kindEnd).trim();
      if (kind === 'plural' || kind === 'select') for (const form of pluralForms(rest.slice(kindEnd + 1)).values()) collectPlaceholders(form, names);
    }
    open = template.indexOf('{', close + 1);
  }
}
