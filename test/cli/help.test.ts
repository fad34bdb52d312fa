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
    const flags = ['--x', '--y', '--sigma', '--delimiter', '--columns', '--dtype', '--model', '--p0', '--bounds', '--fixed', '--loss', '--max-iterations', '--arena', '--plot', '--json', '--quiet', '--help'];
    const columns = new Set<number>();
    for (const flag of flags) {
      const line = run.stdout.split('\n').find((l) => l.trimStart().startsWith(flag + ' ') || l.includes(`, ${flag}`));
      expect(line, flag).toBeDefined();
      columns.add(/^ {2}\S.*?\s{2,}(?=\S)/.exec(line!)![0].length); // where the description starts
    }
    expect([...columns]).toEqual([23]);
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

  it('demo --quick runs the embedded demo on 10⁵ points', () => {
    const run = arenafit('demo', '--quick');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('1. 100,000 points');
    expect(run.stdout).toContain('NIST StRD Gauss2');
    expect(run.stdout.match(/^converged {3}yes/gm)).toHaveLength(2);
    expect(arenafit('demo', '--help').stdout).toMatch(/^Usage: arenafit demo \[--quick\]/);
  });
});
