import storedColumns from '../migrations/stored-columns.json' with { type: 'json' };
import {
  AUTH_FAILURE_WINDOW_MS,
  DEFAULT_RETENTION_DAYS,
  PARKED_MAX_MS,
  PARKED_WHOLE_IP_MS,
  SENDER_IP_KEEP_MS,
  VIEWING_BEACON_KEEP_MS,
} from '../maintenance/retention.ts';
import de from './catalogs/de.json' with { type: 'json' };
import en from './catalogs/en.json' with { type: 'json' };
import es from './catalogs/es.json' with { type: 'json' };
import fr from './catalogs/fr.json' with { type: 'json' };

/**
 * The privacy policy, one text for the Worker's GET /privacy and the repository's PRIVACY.md
 * (scripts/privacy-policy.ts writes it from here). Its own catalogs, apart from the recipient
 * pages', in the languages it is translated into.
 */
export const PRIVACY_LOCALES = ['en', 'de', 'fr', 'es'] as const;
export type PrivacyLocale = (typeof PRIVACY_LOCALES)[number];
export type PrivacyKey = keyof typeof en;
export const PRIVACY_CATALOGS: Record<PrivacyLocale, Record<PrivacyKey, string>> = { en, de, fr, es };

/** The sections in reading order; stored-columns.json files every stored column under one of them. */
export const POLICY_TOPICS = ['operator', 'senders', 'messages', 'hits', 'recipientChoices', 'referenceData', 'extension', 'pages', 'sharing', 'rights'] as const;
export type PolicyTopic = (typeof POLICY_TOPICS)[number];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The figures the texts quote, from the code that enforces them. */
export const RETENTION_FIGURES: Record<string, string> = {
  retentionDays: String(DEFAULT_RETENTION_DAYS),
  senderIpDays: String(SENDER_IP_KEEP_MS / DAY_MS),
  beaconHours: String(VIEWING_BEACON_KEEP_MS / HOUR_MS),
  parkedWholeIpHours: String(PARKED_WHOLE_IP_MS / HOUR_MS),
  parkedMaxDays: String(PARKED_MAX_MS / DAY_MS),
  authWindowMinutes: String(AUTH_FAILURE_WINDOW_MS / 60_000),
};

/** `table.column` → topic, without the file's own comment entry. */
export const STORED_COLUMNS: ReadonlyMap<string, string> = new Map(Object.entries(storedColumns).filter(([column]) => !column.startsWith('$')));

export interface PolicySection {
  topic: PolicyTopic;
  heading: string;
  paragraphs: string[];
  /** The database columns this section accounts for, by table. */
  tables: { table: string; columns: string[] }[];
}

export interface Policy {
  locale: PrivacyLocale;
  title: string;
  intro: string;
  columnsLabel: string;
  sections: PolicySection[];
}

function tablesOf(topic: PolicyTopic): PolicySection['tables'] {
  const tables = new Map<string, string[]>();
  for (const [stored, of] of STORED_COLUMNS) {
    if (of !== topic) continue;
    const [table = '', column = ''] = stored.split('.');
    tables.set(table, [...(tables.get(table) ?? []), column]);
  }
  return [...tables].map(([table, columns]) => ({ table, columns }));
}

function fill(text: string, params: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (token, name: string) => params[name] ?? token);
}

/** The policy in one language; `organisation` is the name an admin set for the recipient pages, if any. */
export function privacyPolicy(locale: PrivacyLocale, organisation: string | null): Policy {
  const text = PRIVACY_CATALOGS[locale];
  const t = (key: PrivacyKey) => fill(text[key], { ...RETENTION_FIGURES, organisation: organisation ?? '' });
  return {
    locale,
    title: t('title'),
    intro: t(organisation ? 'intro.named' : 'intro.unnamed'),
    columnsLabel: t('columns.label'),
    sections: POLICY_TOPICS.map((topic) => ({
      topic,
      heading: t(`section.${topic}.heading`),
      paragraphs: t(`section.${topic}.body`).split('\n\n'),
      tables: tablesOf(topic),
    })),
  };
}

/** PRIVACY.md: the English policy as the Worker serves it, with no organisation named. */
export function privacyMarkdown(policy: Policy): string {
  const lines = [
    `# ${policy.title}`,
    '',
    '<!-- Written by `node scripts/privacy-policy.ts` from worker/privacy/; edit the catalogs there, not this file. -->',
    '',
    policy.intro,
    '',
    'Each deployment serves this policy at `<Worker URL>/privacy` in English, German, French and Spanish.',
  ];
  for (const section of policy.sections) {
    lines.push('', `## ${section.heading}`, '', ...section.paragraphs.flatMap((paragraph, i) => (i === 0 ? [paragraph] : ['', paragraph])));
    if (section.tables.length > 0) {
      lines.push('', `${policy.columnsLabel} ${section.tables.map(({ table, columns }) => `\`${table}\` (${columns.join(', ')})`).join('; ')}.`);
    }
  }
  return `${lines.join('\n')}\n`;
}
