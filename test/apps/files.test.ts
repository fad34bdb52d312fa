// The realistic files (test/fixtures/files: the same 40-row decay in each format people's tools
// write, and NIST's Misra1a.dat as published) through all three entries that read text: the
// library's fromCsvFile, the web page's reader (apps/web/src/csv.ts, parseDelimited on the file's
// bytes) and the command line (`arenafit fit`). Each file is read correctly by all three — the
// same rows and the parameters of a fit of the generator's own values (truth.json) with the
// missing cells left out — or refused by all three, naming the line and column and the option to
// use in that entry's own words (options.skipLines, the “skip lines” box, --skip).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { curveFitSync, FitError } from '../../src/index.ts';
import { fromCsvFile } from '../../src/node.ts';
import { pageMessage, parseCsv } from '../../apps/web/src/csv.ts';
import { arenafit } from '../cli/cli.ts';
import { thrown } from '../support/thrown.ts';

const folder = join(import.meta.dirname, '../fixtures/files');
const truth = JSON.parse(readFileSync(join(folder, 'truth.json'), 'utf8')) as Record<string, Record<string, number[]>>;
const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as {
  name: string;
  description: string;
  options: { x?: string | number; y?: string | number; sigma?: string | number; skipLines?: number };
  rows?: number;
  truth?: string;
  nan?: Record<string, number[]>;
  error?: { code: string; message: string };
}[];

/** The model of each truth, and a start from which it converges. */
const MODELS: Record<string, { model: string; p0: Record<string, number>; flag: string }> = {
  decay: { model: 'a*exp(-b*x) + c', p0: { a: 2, b: 1, c: 0.5 }, flag: 'a=2,b=1,c=0.5' },
  misra1a: { model: 'b1*(1-exp(-b2*x))', p0: { b1: 500, b2: 1e-4 }, flag: 'b1=500,b2=1e-4' },
};

/** Each entry's reader options as the command line's flags (sigma left out: the page fits x and y only). */
function flags(options: (typeof manifest)[number]['options']): string[] {
  const out: string[] = [];
  if (options.x !== undefined) out.push('--x', String(options.x));
  if (options.y !== undefined) out.push('--y', String(options.y));
  if (options.skipLines !== undefined) out.push('--skip', String(options.skipLines));
  return out;
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('a realistic file, through the library, the web page and the command line', () => {
  for (const entry of manifest) {
    const path = join(folder, entry.name);
    const { sigma: _, ...options } = entry.options;
    const label = `${entry.name} (${entry.description})${Object.keys(options).length ? ` with ${JSON.stringify(options)}` : ''}`;

    if (entry.error !== undefined) {
      it(`${label}: refused by all three, naming the line, the column and the option to use`, () => {
        const library = thrown(() => curveFitSync('a*exp(-b*x) + c', fromCsvFile(path, options), { p0: MODELS.decay.p0 }));
        expect(library.code).toBe(entry.error!.code);
        expect(library.message).toMatch(/line \d+, column \d+: /);
        expect(library.message).toMatch(/options\.(skipLines|delimiter|decimal|header|comment)\b/);
        const page = thrown(() => parseCsv(readFileSync(path), { x: String(options.x ?? ''), y: String(options.y ?? '') }, entry.name));
        expect(page).toBeInstanceOf(FitError);
        const shown = pageMessage(page.message);
        expect(shown).toMatch(/^the text, line \d+, column \d+: /);
        expect(shown).toMatch(/“(skip lines|delimiter|decimal|header)”|comment/);
        expect(shown).not.toMatch(/options\.(skipLines|delimiter|decimal|header)/);
        const cli = arenafit('fit', path, '--model', MODELS.decay.model, '--p0', MODELS.decay.flag, ...flags(options));
        expect(cli.status).toBe(2);
        expect(cli.stderr).toMatch(/line \d+, column \d+: /);
        expect(cli.stderr).toMatch(/--(skip|delimiter|decimal|no-header|header|comment)\b/);
        expect(cli.stderr).not.toMatch(/options\./);
      });
      continue;
    }

    it(`${label}: the same ${entry.rows} rows and the same fit from all three, equal to the fit of the generated values`, () => {
      const { model, p0, flag } = MODELS[entry.truth!];
      // The oracle: the generator's values, without the rows whose x or y it wrote as missing.
      const missing = new Set([...(entry.nan?.x ?? []), ...(entry.nan?.y ?? [])]);
      const keep = (column: number[]) => Float64Array.from(column.filter((_, i) => !missing.has(i)));
      const oracle = curveFitSync(model, keep(truth[entry.truth!].x), keep(truth[entry.truth!].y), { p0 });

      const library = curveFitSync(model, fromCsvFile(path, options), { p0, nanPolicy: 'omit' });
      const page = parseCsv(readFileSync(path), { x: String(options.x ?? ''), y: String(options.y ?? ''), skip: String(options.skipLines ?? '') }, entry.name);
      const web = curveFitSync(model, page.x, page.y, { p0 });
      const cli = arenafit('fit', path, '--model', model, '--p0', flag, '--nan-policy', 'omit', '--json', ...flags(options));
      expect(cli.stderr).toBe('');
      expect(cli.status).toBe(0);
      const json = JSON.parse(cli.stdout) as { params: Record<string, number>; rows: number; omittedRows: number };

      const rows = entry.rows! - missing.size;
      expect([library.rows, page.x.length, json.rows]).toEqual([rows, rows, rows]);
      for (const name of oracle.names) {
        for (const r of [library.params[name], web.params[name], json.params[name]]) expect(relative(r, oracle.params[name]), name).toBeLessThan(1e-9);
      }
    });
  }
});
