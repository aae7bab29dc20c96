/**
 * What `npm run bench` measures, as it is kept in docs/bench-results.json and rendered into
 * docs/scaling.md (scripts/scaling-doc.ts): the doc's tables are written from the last run's
 * results, never by hand.
 */
export type Goal = { atLeast: number } | { atMost: number } | { exactly: number };

export interface ValueFigure {
  /** Stable within its bench: the doc and the history of results refer to it. */
  id: string;
  name: string;
  /**
   * `ratio`: two things measured in the same run, in paired rounds of alternating order (the
   * median of the rounds' ratios). `absolute`: one measured quantity, in `unit`, held to an
   * absolute goal. `count`: a number of things (e.g. hits lost).
   */
  kind: 'ratio' | 'absolute' | 'count';
  value: number;
  /** An absolute figure's unit; for a ratio, the unit of its two sides. */
  unit?: string;
  goal?: Goal;
  /** A ratio's per-round ratios. */
  rounds?: number[];
  /** A ratio's two sides (numerator, denominator): medians over the rounds, for context only. */
  sides?: [number, number];
  detail?: string;
}

/**
 * A figure told in words (e.g. latency percentiles), its goal and whether the bench met it
 * decided by the bench itself. Shown as it is, never as a ratio.
 */
export interface ReportedFigure {
  name: string;
  goal?: string;
  met?: boolean;
  detail?: string;
}

/** What a bench module's default export returns. */
export type MeasuredFigure = ValueFigure | ReportedFigure;

export type RecordedFigure = (ValueFigure & { met?: boolean }) | (ReportedFigure & { kind: 'reported' });

export function recordFigure(figure: MeasuredFigure): RecordedFigure {
  if (!('kind' in figure)) return { ...figure, kind: 'reported' };
  return figure.goal ? { ...figure, met: goalMet(figure.value, figure.goal) } : figure;
}

export interface BenchRun {
  /** ISO time the bench started. */
  at: string;
  /** The machine's load average (1 min) when the bench started and when it ended, and its cores. */
  load: { start: number; end: number; cores: number };
  figures: RecordedFigure[];
}

export type BenchResults = Record<string, BenchRun>;

export function goalMet(value: number, goal: Goal): boolean {
  if ('atLeast' in goal) return value >= goal.atLeast;
  if ('atMost' in goal) return value <= goal.atMost;
  return value === goal.exactly;
}

function number(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en');
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatGoal(goal: Goal, unit = ''): string {
  const suffix = unit ? ` ${unit}` : '';
  if ('atLeast' in goal) return `≥ ${number(goal.atLeast)}${suffix}`;
  if ('atMost' in goal) return `≤ ${number(goal.atMost)}${suffix}`;
  return `= ${number(goal.exactly)}${suffix}`;
}

export function formatValue(figure: ValueFigure): string {
  if (figure.kind === 'ratio') return `${figure.value.toFixed(2)}×`;
  return `${number(figure.value)}${figure.unit ? ` ${figure.unit}` : ''}`;
}

const verdict = (met: boolean | undefined) => (met ? 'met' : 'NOT met');

/** One line of the console report. */
export function formatFigure(figure: RecordedFigure): string {
  if (figure.kind === 'reported') {
    return `${figure.name}${figure.goal ? ` (goal ${figure.goal}: ${verdict(figure.met)})` : ''}${figure.detail ? ` — ${figure.detail}` : ''}`;
  }
  const kind = figure.kind === 'ratio' ? 'ratio ' : '';
  const goal = figure.goal ? ` (goal ${formatGoal(figure.goal, figure.kind === 'ratio' ? '' : figure.unit)}: ${verdict(figure.met)})` : '';
  const sides = figure.sides ? ` ${number(figure.sides[0])} vs ${number(figure.sides[1])}${figure.unit ? ` ${figure.unit}` : ''};` : '';
  const rounds = figure.rounds ? ` rounds ${figure.rounds.map((r) => r.toFixed(2)).join(' ')};` : '';
  const detail = [sides, rounds, figure.detail ? ` ${figure.detail}` : ''].join('').replace(/;$/, '');
  return `${figure.name}: ${kind}${formatValue(figure)}${goal}${detail ? ` —${detail}` : ''}`;
}

const cell = (text: string) => text.replaceAll('|', '\\|');

/** The Markdown table of one bench's run, as docs/scaling.md shows it. */
export function renderBenchTable(bench: string, run: BenchRun): string {
  const lines = [
    `| \`npm run bench -- ${bench}\`, ${run.at.slice(0, 16).replace('T', ' ')} UTC, load ${number(run.load.start)}–${number(run.load.end)} on ${run.load.cores} cores | measured | goal | rounds / detail |`,
    '|---|---|---|---|',
  ];
  for (const figure of run.figures) {
    if (figure.kind === 'reported') {
      lines.push(`| ${cell(figure.name)} | see detail | ${cell(figure.goal ? `${figure.goal} ${figure.met ? '(met)' : '(**not met**)'}` : '')} | ${cell(figure.detail ?? '')} |`);
      continue;
    }
    const goal = figure.goal ? `${formatGoal(figure.goal, figure.kind === 'ratio' ? '' : figure.unit)} ${figure.met ? '(met)' : '(**not met**)'}` : '';
    const sides = figure.sides ? `${number(figure.sides[0])} vs ${number(figure.sides[1])}${figure.unit ? ` ${figure.unit}` : ''} (medians)` : '';
    const rounds = figure.rounds ? `rounds ${figure.rounds.map((r) => r.toFixed(2)).join(', ')}` : '';
    const detail = [sides, rounds, figure.detail ?? ''].filter(Boolean).join('; ');
    lines.push(`| ${cell(figure.name)} | ${formatValue(figure)} | ${cell(goal)} | ${cell(detail)} |`);
  }
  return lines.join('\n');
}

const MARKER = /<!-- bench:([\w-]+) -->\n[\s\S]*?<!-- \/bench:\1 -->/g;

/** The benches a doc shows, in the order of their markers. */
export function benchesShownIn(doc: string): string[] {
  return [...doc.matchAll(MARKER)].map((match) => match[1]!);
}

/** `doc` with the table between each `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` written from `results`. */
export function renderScalingDoc(doc: string, results: BenchResults): string {
  return doc.replace(MARKER, (_, bench: string) => {
    const run = results[bench];
    const table = run ? renderBenchTable(bench, run) : `(no results yet: run \`npm run bench -- ${bench}\`)`;
    return `<!-- bench:${bench} -->\n${table}\n<!-- /bench:${bench} -->`;
  });
}
