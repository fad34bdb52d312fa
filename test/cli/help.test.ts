// --help, fit --help, --version and the demo, spawned. Oracles: the flags the fit command
// accepts (each must be documented), package.json's version, and the demo's known output.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { arenafit, CLI, tempFolder } from './cli.ts';

tempFolder(); // checks that dist/cli.mjs is built

describe('arenafit', () => {
  it('--help shows the usage line, the commands and the options', () => {
    for (const flag of ['--help', '-h']) {
      const run = arenafit(flag);
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/^Usage: arenafit <command> \[options\]\n/);
      expect(run.stdout).toMatch(/^ {2}fit <file> +\S/m);
      expect(run.stdout).toMatch(/^ {2}demo +\S/m);
      expect(run.stdout).toMatch(/^ {2}--version +\S/m);
    }
  });

  it('fit --help documents every option, aligned, with the exit statuses', () => {
    const run = arenafit('fit', '--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: arenafit fit <file> --model <expression \| built-in name> \[options\]\n/);
    const flags = [
      '--x', '--y', '--sigma', '--delimiter', '--decimal', '--no-header', '--header', '--skip', '--comment', '--no-comment', '--no-temp-copy', '--columns', '--dtype',
      '--model', '--p0', '--bounds', '--fixed', '--loss', '--fscale', '--absolute-sigma', '--nan-policy', '--max-iterations', '--ftol', '--xtol', '--gtol',
      '--workers', '--arena', '--plot', '--band', '--level', '--out', '--json', '--quiet', '--help',
    ];
    const columns = new Set<number>();
    for (const flag of flags) {
      const line = run.stdout.split('\n').find((l) => l.trimStart().startsWith(flag + ' ') || l.includes(`, ${flag}`));
      expect(line, flag).toBeDefined();
      columns.add(/^ {2}\S.*?\s{2,}(?=\S)/.exec(line!)![0].length); // where the description starts
    }
    expect([...columns]).toEqual([23]);
    // The flags added since the first release say what they do in one line each.
    const lines = run.stdout.split('\n');
    for (const flag of ['--decimal', '--no-header', '--header', '--skip', '--comment', '--no-comment', '--no-temp-copy', '--fscale', '--absolute-sigma', '--nan-policy', '--ftol', '--xtol', '--gtol', '--workers', '--out', '--band', '--level']) {
      const at = lines.findIndex((l) => l.startsWith(`  ${flag} `));
      expect(lines[at + 1], flag).toMatch(/^ {2}\S|^$|^\S/); // the next line is the next flag or the next section
    }
    expect(run.stdout).toMatch(/Exit status: 0 .*converged, 1 .*did not converge/);
    expect(run.stdout).toMatch(/gaussian/);
  });

  it('--version prints the version in package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(arenafit('--version')).toEqual({ status: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  // dist/cli.mjs imports 'arenafit' and 'arenafit/node', which Node resolves from the file's own
  // package (its "exports"), not from the working directory.
  it('runs from any working directory', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    const run = spawnSync(process.execPath, [CLI, '--version'], { cwd: tmpdir(), encoding: 'utf8', timeout: 60_000 });
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({ status: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('demo --quick runs the embedded demo on 10⁵ points: a short report in plain words, then what to try next', () => {
    const run = arenafit('demo', '--quick');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(30);
    expect(run.stdout).toContain('100,000 points');
    // The arena in one line, and the noise's own σ given as sigma: reduced χ² near 1.
    expect(run.stdout).toMatch(/^ *memory +used \d+(\.\d)? MiB of its 4 MiB arena for 100,000 points/m);
    const reduced = Number(/reduced χ² ([\d.]+)/.exec(run.stdout)?.[1]);
    expect(Math.abs(reduced - 1)).toBeLessThan(0.02);
    // NIST Gauss2: certified against fitted, and the digits they agree to, at least 6 for every parameter.
    expect(run.stdout).toContain('NIST StRD Gauss2');
    const digits = [...run.stdout.matchAll(/^ +b\d +\S+ +\S+ +([\d.]+)$/gm)].map((m) => Number(m[1]));
    expect(digits).toHaveLength(8);
    for (const d of digits) expect(d).toBeGreaterThanOrEqual(6);
    // No solver jargon for a newcomer.
    expect(run.stdout).not.toMatch(/ftol|xtol|gtol|MINPACK|high-water|dof\b/);
    // What to try next: the command line, the page, the API.
    expect(lines.slice(-3).map((l) => l.trim())).toEqual([
      "your own CSV   npx arenafit fit your.csv --model 'a*exp(-b*x) + c'",
      'in a browser   npm run demo:web',
      "in your code   import { curveFit } from 'arenafit'; const r = await curveFit('a*exp(-b*x) + c', x, y);",
    ]);
    expect(arenafit('demo', '--help').stdout).toMatch(/^Usage: arenafit demo \[--quick\]/);
  });
});
