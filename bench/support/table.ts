// The results table: one row per metric, in the order the brief lists them.

export type Verdict = 'yes' | 'NO' | 'info' | 'skipped' | 'failed';

export type Row = {
  readonly metric: string;
  readonly target: string;
  readonly result: string;
  readonly met: Verdict;
};

const escape = (cell: string): string => cell.replaceAll('|', '\\|').replaceAll('\n', ' ');

export const markdownTable = (rows: readonly Row[]): string => {
  const lines = [
    '| metric | target | result | met? |',
    '| --- | --- | --- | --- |',
    ...rows.map(
      (row) =>
        `| ${escape(row.metric)} | ${escape(row.target)} | ${escape(row.result)} | ${row.met} |`,
    ),
  ];
  return lines.join('\n');
};

export const verdict = (ok: boolean): Verdict => (ok ? 'yes' : 'NO');

export const ms = (value: number): string =>
  Number.isFinite(value) ? `${value < 10 ? value.toFixed(1) : Math.round(value)} ms` : 'n/a';
