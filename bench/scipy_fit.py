"""bench/scipy_fit: SciPy's curve_fit on the benchmark's data files, timed; prints one JSON object.

Called by bench/run.mjs, once per (problem, N), with the same files arenafit and
ml-levenberg-marquardt fit (see bench/data.mjs for the format: interleaved little-endian
float64 records x, y). The comparison the issue names: curve_fit(f, x, y, p0, method='lm')
with its default numerical Jacobian (MINPACK lmdif, forward differences) and default
tolerances; the model is the plain NumPy expression. Only the curve_fit call is timed
(time.perf_counter), after the file is read and x, y are made contiguous; a warm-up fit first.

  python3 bench/scipy_fit.py versions
  python3 bench/scipy_fit.py fit   --problem P1 --file bench/out/data/P1-1e6.f64 --warmup 1 --repeats 5
  python3 bench/scipy_fit.py small --problem P1 --file bench/out/data/P1-small-100x64.f64 --datasets 64

Single-threaded: run.mjs sets OPENBLAS_NUM_THREADS=OMP_NUM_THREADS=MKL_NUM_THREADS=1 (lmdif
itself is serial Fortran, NumPy's element-wise ufuncs are serial).
"""

import argparse
import json
import sys
import time

import numpy as np
import scipy
from scipy.optimize import curve_fit


def p1(x, a, b, c):
    return a * np.exp(-b * x) + c


def p2(x, A, mu, s, d):
    return A * np.exp(-((x - mu) ** 2) / (2 * s**2)) + d


PROBLEMS = {
    "P1": (p1, [1.0, 1.0, 0.0]),
    "P2": (p2, [4.0, 1.5, 1.0, 0.0]),
}


def read(path, datasets=1):
    records = np.fromfile(path, dtype="<f8").reshape(datasets, -1, 2)
    return [(np.ascontiguousarray(r[:, 0]), np.ascontiguousarray(r[:, 1])) for r in records]


def fit_once(f, x, y, p0):
    t = time.perf_counter()
    popt, _pcov, info, mesg, ier = curve_fit(f, x, y, p0=p0, method="lm", full_output=True)
    return time.perf_counter() - t, popt, info, mesg, ier


def cmd_fit(args):
    f, p0 = PROBLEMS[args.problem]
    ((x, y),) = read(args.file)
    for _ in range(args.warmup):
        fit_once(f, x, y, p0)
    times = []
    nfevs = []
    for _ in range(args.repeats):
        dt, popt, info, mesg, ier = fit_once(f, x, y, p0)
        times.append(dt)
        nfevs.append(int(info["nfev"]))
    r = y - f(x, *popt)
    return {
        "rows": int(x.size),
        "times": times,
        "nfev": nfevs[-1],
        "nfevs": nfevs,
        "params": [float(v) for v in popt],
        "ssr": float(r @ r),
        "ier": int(ier),
        "message": mesg,
    }


def cmd_small(args):
    f, p0 = PROBLEMS[args.problem]
    data = read(args.file, args.datasets)
    k = 0

    def batch(seconds):
        nonlocal k
        count = 0
        t0 = time.perf_counter()
        while True:
            x, y = data[k % len(data)]
            k += 1
            curve_fit(f, x, y, p0=p0, method="lm")
            count += 1
            dt = time.perf_counter() - t0
            if dt >= seconds:
                return count / dt

    batch(args.batch_seconds)  # warm-up
    rates = [batch(args.batch_seconds) for _ in range(args.batches)]
    return {"rows": int(data[0][0].size), "datasets": len(data), "fitsPerSecond": rates}


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("versions")
    fit = sub.add_parser("fit")
    fit.add_argument("--problem", required=True, choices=PROBLEMS)
    fit.add_argument("--file", required=True)
    fit.add_argument("--warmup", type=int, default=1)
    fit.add_argument("--repeats", type=int, default=5)
    small = sub.add_parser("small")
    small.add_argument("--problem", default="P1", choices=PROBLEMS)
    small.add_argument("--file", required=True)
    small.add_argument("--datasets", type=int, default=64)
    small.add_argument("--batches", type=int, default=5)
    small.add_argument("--batch-seconds", type=float, default=0.2)
    args = parser.parse_args()
    if args.command == "versions":
        out = {
            "python": sys.version.split()[0],
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "executable": sys.executable,
        }
    elif args.command == "fit":
        out = cmd_fit(args)
    else:
        out = cmd_small(args)
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
