"""Time warclaims at scale: load + validate, the analyses and a full report build on synthetic datasets.

    python benchmarks/run.py                      # 10k, 100k and 1M claims (``make bench``)
    python benchmarks/run.py --sizes 1000         # a quick run
    python benchmarks/run.py --sizes 1000000 --profile load

For each size the synthetic dataset is generated once by ``make_synthetic.py`` and cached in
``benchmarks/out/`` (regenerated when the generator or the bundled vocabularies change). Every step then
runs in its own Python process, so one step's memory peak never hides another's:

* ``load``: ``warclaims.load`` (read + validate);
* ``load from snapshot``: what each kernel of a build pays instead: unpickling the dataset the build
  validated once (``warclaims.handover.write``), derived tables included;
* ``analysis.derive``: deriving the figures and correction tables, once per build;
* ``analysis.*``: each analysis, timed after an untimed load (and, like in a
  report, an untimed ``analysis.derive``) in the same process;
* ``build``: ``warclaims build --data-dir DIR --schedule benchmarks/schedule.yml --out TMP``: the four data
  reports of reports/schedule.yml as HTML (a synthetic dataset has no schedule of its own);

and, on the bundled dataset, what the build cache saves (``cache_bench.py``: a first build, a rebuild with
nothing changed, one entry's parameters changed, a data change).

Times are wall-clock seconds with the process's CPU seconds beside them: on a busy machine the wall
time grows, the CPU time much less. Peak memory is the peak resident set size (VmHWM) of the step's
process (for the build: the proportional set sizes of the whole process tree, summed and sampled, so a
page its processes share counts once), so it includes the loaded dataset. The
results are printed and written to ``benchmarks/results.md``.
"""
from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import json
import os
import platform
import pstats
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
#: The full build's schedule on a synthetic dataset.
SCHEDULE = HERE / "schedule.yml"
#: Targets on the reference machine (2 cores) at 1M claims.
TARGETS = {"load_s": 20.0, "build_s": 90.0, "peak_mb": 4096.0, "html_mb": 3.0}


# -- the steps, each run in a fresh process --------------------------------------------------------
def _analyses() -> dict:
    """Name -> function(dataset) for every analysis to time. Missing functions are reported, not fatal."""
    from warclaims import analysis as an
    from warclaims import budget
    from warclaims.analysis import derived
    from warclaims.text import ceasefires as ceasefire_text
    from warclaims.text import summaries

    steps = {
        "analysis.derive (figures, corrections)": lambda ds: derived.compute(ds),
        "claims.timeline": lambda ds: an.timeline(ds),
        "claims.as_of_view": lambda ds: an.as_of_view(ds),
        "claims.undisclosed": lambda ds: an.undisclosed(ds),
        # As the casualty report compares claimants: the first rows of every pair, and their count. Every pair
        # (compare_all) grows with the square of the claimants per key: at 1M claims, 18.6M pairs (124 s, 19 GB).
        "claims.compare_first": lambda ds: summaries.comparison(
            an.compare_first(an.as_of_view(ds), budget.TABLE_ROWS, by="speaker")[0]),
        "claims.own_losses": lambda ds: summaries.own_losses(an.split_cumulative(an.timeline(ds))[0], ds),
        "claims.revision_table": lambda ds: an.revision_table(ds),
        "ceasefires.durations": lambda ds: an.durations(ds),
        "ceasefires.duration_report": lambda ds: ceasefire_text.duration_report(ds, an.durations(ds)),
    }
    return steps


#: Steps timed on a dataset whose derived tables are already built (as in every report of a build).
PREPARED = {"claims.timeline", "claims.as_of_view", "claims.undisclosed", "claims.compare_first", "claims.own_losses",
            "ceasefires.durations", "ceasefires.duration_report"}


def _rss_mb(field: str) -> float:
    """A memory figure of this process from /proc (VmRSS: now, VmHWM: peak since the last reset)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _reset_peak() -> None:
    """Reset VmHWM so the next peak is this step's (Linux: writing 5 to clear_refs)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def _size_of(result) -> int | None:
    try:
        return len(result)
    except TypeError:
        return None


def run_step(step: str, data_dir: str, profile: str | None) -> dict:
    """Run one step in this process and return its measurements."""
    import warclaims

    profiler = cProfile.Profile() if profile else None
    if step == "load from snapshot":
        from warclaims import handover

        with tempfile.TemporaryDirectory(prefix="warclaims-snapshot-") as tmp:
            snapshot = Path(tmp) / "dataset.pickle"
            handover.write(data_dir, snapshot)
            os.environ[handover.SNAPSHOT_ENV] = str(snapshot)
            _reset_peak()
            began, cpu = time.perf_counter(), time.process_time()
            dataset = warclaims.load(data_dir)
            out = {"wall_s": time.perf_counter() - began, "cpu_s": time.process_time() - cpu,
                   "peak_mb": _rss_mb("VmHWM"), "rows": len(dataset.claims),
                   "snapshot_mb": snapshot.stat().st_size / 2**20}
        return out
    if step == "load":
        _reset_peak()
        began, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        dataset = warclaims.load(data_dir)
        if profiler:
            profiler.disable()
        out = {"wall_s": time.perf_counter() - began, "cpu_s": time.process_time() - cpu,
               "peak_mb": _rss_mb("VmHWM"), "rows": len(dataset.claims)}
    else:
        dataset = warclaims.load(data_dir)
        if step in PREPARED:
            from warclaims import analysis

            analysis.derive(dataset)
        function = _analyses()[step]
        before = _rss_mb("VmRSS")
        _reset_peak()
        began, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        result = function(dataset)
        if profiler:
            profiler.disable()
        out = {"wall_s": time.perf_counter() - began, "cpu_s": time.process_time() - cpu,
               "peak_mb": _rss_mb("VmHWM"), "loaded_mb": before, "rows": _size_of(result)}
    if profiler:
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(30)
        Path(profile).write_text(text.getvalue())
    return out


def _child(args: argparse.Namespace) -> int:
    try:
        result = run_step(args.step, args.data_dir, args.profile_out)
    except Exception as error:  # reported in the table, the benchmark goes on
        result = {"error": f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"[:300]}
    print("RESULT " + json.dumps(result))
    return 0


# -- the parent: generate, spawn steps, collect -----------------------------------------------------
def _generator_stamp(n: int, seed: int) -> str:
    digest = hashlib.sha256(f"{n}:{seed}".encode())
    for path in [HERE / "make_synthetic.py", *sorted((ROOT / "data").glob("*.csv")), ROOT / "data" / "datapackage.json"]:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def dataset_for(n: int, seed: int, out: Path) -> tuple[Path, float | None]:
    """The cached synthetic dataset of ``n`` claims; generate it (timed) when missing or stale."""
    target = out / f"synthetic-{n}-seed{seed}"
    stamp = out / f"synthetic-{n}-seed{seed}.stamp"
    wanted = _generator_stamp(n, seed)
    if target.is_dir() and stamp.is_file() and stamp.read_text() == wanted:
        return target, None
    shutil.rmtree(target, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    subprocess.run([sys.executable, str(HERE / "make_synthetic.py"), str(target), "--claims", str(n), "--seed", str(seed)],
                   check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - began
    stamp.write_text(wanted)
    return target, seconds


def spawn_step(step: str, data_dir: Path, profile_out: Path | None, timeout: float) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--step", step, "--data-dir", str(data_dir)]
    if profile_out:
        command += ["--profile-out", str(profile_out)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
    return {"error": f"exit {done.returncode}: {tail[0][:300]}"}


def _pss(process) -> int:
    """A process's proportional set size: its resident memory, with each page it shares with others (a
    kernel with the zygote it was forked from, a fork with the build's stage) counted as its share, so that
    summed over a tree a shared page counts once. Its RSS when /proc does not say."""
    try:
        with open(f"/proc/{process.pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return process.memory_info().rss


class _TreeMemory:
    """Sample the summed memory of a process and its descendants (:func:`_pss`; the build runs kernels in
    parallel, forked from one process)."""

    def __init__(self, pid: int, every: float = 0.25):
        self.pid, self.every, self.peak_mb, self.available = pid, every, 0.0, True
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            import psutil
        except ImportError:
            self.available = False
            return
        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self._stop.is_set():
            try:
                processes = [root, *root.children(recursive=True)]
            except psutil.Error:
                break
            total = 0
            for process in processes:
                try:
                    total += _pss(process)
                except psutil.Error:
                    pass
            self.peak_mb = max(self.peak_mb, total / 2**20)
            self._stop.wait(self.every)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak_mb


def _kill_tree(pid: int) -> None:
    """Stop a process, its session and every descendant (kernels may run in sessions of their own)."""
    try:
        import psutil

        descendants = psutil.Process(pid).children(recursive=True)
    except Exception:  # psutil missing or the process already gone
        descendants = []
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        pass
    for child in descendants:
        try:
            child.kill()
        except Exception:
            pass


def build_step(data_dir: Path, timeout: float, extra: list[str], keep_log: Path | None = None) -> dict:
    """Run ``warclaims build`` on the dataset; measure time, tree memory and each HTML page's size."""
    executable = Path(sys.executable).with_name("warclaims")
    command = [str(executable) if executable.exists() else "warclaims", "build", "--data-dir", str(data_dir),
               "--schedule", str(SCHEDULE)]
    with tempfile.TemporaryDirectory(prefix="warclaims-bench-") as scratch:
        tmp = str(Path(scratch) / "out")
        cache = Path(scratch) / "cache"  # the build's state, log and executed notebooks: not in the pages' folder
        command += ["--out", tmp, "--cache-dir", str(cache), *extra]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        began = time.perf_counter()
        log = Path(tmp).parent / f"{Path(tmp).name}.log"
        with log.open("w") as handle:
            # Its own session, so a timeout can stop the build's workers and kernels with it.
            process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT, cwd=ROOT,
                                       start_new_session=True)
            memory = _TreeMemory(process.pid)
            try:
                code = process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                _kill_tree(process.pid)
                process.wait()
                code = None
            peak = memory.stop()
        wall = time.perf_counter() - began
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        output = log.read_text(errors="replace")
        log.unlink()
        pages = {p.name: p.stat().st_size for p in sorted(Path(tmp).glob("*.html"))}
        try:  # which reports failed, and why (the build's own record)
            status = json.loads((cache / "state.json").read_text(encoding="utf-8"))["reports"]
        except (OSError, ValueError, KeyError, TypeError):
            status = {}
        failed = {name: (entry.get("error") or "")[:400] for name, entry in status.items() if entry.get("status") != "ok"}
        if keep_log is not None and (cache / "build.log").is_file():
            shutil.copyfile(cache / "build.log", keep_log)
        # Chart failures may surface inside a page rather than as an exit code.
        flagged = sorted(name for name in pages if name != "index.html"  # the index lists failures by design
                         and any(marker in (Path(tmp) / name).read_text(errors="replace")
                                for marker in ("MaxRowsError", "Traceback (most recent call last)")))
    result = {"wall_s": wall,
              # CPU of the waited-for processes only: after a timeout the killed kernels are not counted.
              "cpu_s": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
              "peak_mb": peak if memory.available else after.ru_maxrss / 1024,
              "pages": pages, "flagged": flagged, "failed": failed}
    if code != 0:
        lines = [line for line in output.strip().splitlines() if line.strip()]
        result["error"] = ("timed out" if code is None else f"exit {code}") + (f": {lines[-1][:300]}" if lines else "")
    return result


# -- reporting ---------------------------------------------------------------------------------------
def _cell(result: dict | None) -> str:
    if not result:
        return "-"
    if "pages" in result:  # the build: its time and memory mean something even when a report failed
        if result.get("error", "").startswith("timed out"):
            return f"TIMED OUT after {result['wall_s']:.0f} s, {result['peak_mb']:.0f} MB so far"
        text = f"{result['wall_s']:.1f} s (cpu {result['cpu_s']:.1f}), {result['peak_mb']:.0f} MB"
        if result.get("failed"):
            text += f"; FAILED: {', '.join(sorted(result['failed']))}"
        elif "error" in result:
            text += f"; ERROR {result['error'][:80]}"
        return text
    if "error" in result:
        return f"ERROR {result['error']}"
    return f"{result['wall_s']:.2f} s (cpu {result['cpu_s']:.2f}), {result['peak_mb']:.0f} MB"


def _label(n: int) -> str:
    return f"{n // 1_000_000}M" if n % 1_000_000 == 0 else f"{n // 1000}k" if n % 1000 == 0 else str(n)


def render(results: dict, sizes: list[int], meta: dict) -> str:
    lines = ["# warclaims benchmark", "",
             f"Machine: {meta['cpus']} CPUs, Python {meta['python']}, pandas {meta['pandas']}. "
             f"Load average {meta['load_before']} before, {meta['load_after']} after "
             "(other work on the machine inflates wall times, much less CPU times).", "",
             "Each cell: wall seconds (CPU seconds of the step's process), peak resident memory of that process "
             "(the build: summed over its process tree). Analyses are timed after an untimed load, so their "
             "memory includes the loaded dataset.", ""]
    header = "| step | " + " | ".join(f"{_label(n)} claims" for n in sizes) + " |"
    lines += [header, "|" + "---|" * (len(sizes) + 1)]
    steps = []
    for n in sizes:
        for step in results.get(n, {}).get("steps", {}):
            if step not in steps:
                steps.append(step)
    lines.append("| generate (make_synthetic) | " + " | ".join(
        (f"{results[n]['generate_s']:.1f} s" if results.get(n, {}).get("generate_s") is not None else "cached")
        for n in sizes) + " |")
    for step in steps:
        lines.append(f"| {step} | " + " | ".join(_cell(results.get(n, {}).get("steps", {}).get(step)) for n in sizes) + " |")

    pages = sorted({p for n in sizes for p in results.get(n, {}).get("steps", {}).get("build", {}).get("pages", {})})
    if pages:
        lines += ["", "HTML size of each built page (MB):", "",
                  "| page | " + " | ".join(_label(n) for n in sizes) + " |", "|" + "---|" * (len(sizes) + 1)]
        for page in pages:
            cells = []
            for n in sizes:
                size = results.get(n, {}).get("steps", {}).get("build", {}).get("pages", {}).get(page)
                cells.append("-" if size is None else f"{size / 2**20:.2f}")
            lines.append(f"| {page} | " + " | ".join(cells) + " |")

    lines += ["", "Targets at the largest size:", ""]
    largest = max(sizes)
    steps_at = results.get(largest, {}).get("steps", {})
    checks = []
    load = steps_at.get("load", {})
    if "wall_s" in load:
        checks.append(("load + validate", f"{load['wall_s']:.1f} s (cpu {load['cpu_s']:.1f} s)", f"< {TARGETS['load_s']:.0f} s",
                       load["wall_s"] < TARGETS["load_s"]))
    build = steps_at.get("build", {})
    if "wall_s" in build:
        complete = "error" not in build
        checks.append(("full build", f"{build['wall_s']:.1f} s" + ("" if complete else " (did not complete)"),
                       f"< {TARGETS['build_s']:.0f} s", complete and build["wall_s"] < TARGETS["build_s"]))
        if build.get("failed"):
            checks.append(("reports that failed", ", ".join(sorted(build["failed"])), "none", False))
        if build.get("pages"):
            biggest = max(build["pages"].values(), default=0) / 2**20
            checks.append(("largest HTML", f"{biggest:.2f} MB", f"< {TARGETS['html_mb']:.0f} MB", biggest < TARGETS["html_mb"]))
        if build.get("flagged"):
            checks.append(("pages with MaxRowsError/traceback", ", ".join(build["flagged"]), "none", False))
    sized = [(size, page, n) for n in sizes
             for page, size in results.get(n, {}).get("steps", {}).get("build", {}).get("pages", {}).items()]
    if sized and not build.get("pages"):
        size, page, n = max(sized)
        checks.append(("largest HTML at any size", f"{size / 2**20:.2f} MB ({page} at {_label(n)})",
                       f"< {TARGETS['html_mb']:.0f} MB", size / 2**20 < TARGETS["html_mb"]))
    peaks = [r["peak_mb"] for r in steps_at.values() if "peak_mb" in r]
    if peaks:
        checks.append(("peak memory of any step", f"{max(peaks):.0f} MB", f"< {TARGETS['peak_mb']:.0f} MB", max(peaks) < TARGETS["peak_mb"]))
    errors = []
    for n in sizes:
        errors += [f"{step} at {_label(n)}: {r['error']}" for step, r in results.get(n, {}).get("steps", {}).items()
                   if "error" in r and not r.get("failed")]  # a failed build is explained report by report
        for name, why in results.get(n, {}).get("steps", {}).get("build", {}).get("failed", {}).items():
            errors.append(f"build at {_label(n)}: report {name} failed: {why}")
    lines += ["| target | measured | goal | met |", "|---|---|---|---|"]
    lines += [f"| {name} | {value} | {goal} | {'yes' if ok else 'NO'} |" for name, value, goal, ok in checks]
    if largest < 1_000_000:
        lines += ["", f"(The targets are for 1M claims; this run's largest size is {_label(largest)}.)"]
    if errors:
        lines += ["", "Errors:", ""] + [f"- {e}" for e in errors]
    return "\n".join(lines) + "\n"


def _load_average() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES), help="numbers of claims (default 10k 100k 1M)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic datasets")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="cache folder for the datasets (default benchmarks/out)")
    parser.add_argument("--results", type=Path, default=HERE / "results.md", help="where to write the table")
    parser.add_argument("--skip-build", action="store_true", help="do not run warclaims build")
    parser.add_argument("--skip-cache", action="store_true",
                        help="do not time the build cache on the bundled dataset (cache_bench.py)")
    parser.add_argument("--only", nargs="+", default=None, help="run only these steps (load, build, claims.timeline, ...)")
    parser.add_argument("--build-args", default="", help="extra arguments for warclaims build, e.g. '--jobs 2'")
    parser.add_argument("--profile", nargs="+", default=[], metavar="STEP",
                        help="also write a cProfile listing of these steps (at every size) to OUT/profile-<step>-<n>.txt")
    parser.add_argument("--timeout", type=float, default=900, help="seconds before an analysis step is abandoned")
    parser.add_argument("--build-timeout", type=float, default=1800, help="seconds before the build is abandoned")
    # Internal: run one step in this (fresh) process.
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", help=argparse.SUPPRESS)
    parser.add_argument("--profile-out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step:
        return _child(args)

    import pandas

    meta = {"cpus": os.cpu_count(), "python": platform.python_version(), "pandas": pandas.__version__,
            "load_before": _load_average()}
    results: dict[int, dict] = {}
    sizes = sorted(args.sizes)
    try:
        step_names = ["load", "load from snapshot", *_analyses_names()]
    except Exception as error:
        print(f"analyses unavailable ({error}); timing load and build only", file=sys.stderr)
        step_names = ["load"]
    if not args.skip_build:
        step_names.append("build")
    if args.only:
        step_names = [s for s in step_names if s in args.only]
    for n in sizes:
        data_dir, generated = dataset_for(n, args.seed, args.out)
        results[n] = {"generate_s": generated, "steps": {}}
        print(f"== {_label(n)} claims: {data_dir}" + (f" (generated in {generated:.1f} s)" if generated else " (cached)"), flush=True)
        for step in step_names:
            if step == "build":
                result = build_step(data_dir, args.build_timeout, args.build_args.split(), args.out / f"build-{n}.log")
            else:
                profile_out = args.out / f"profile-{step}-{n}.txt" if step in args.profile else None
                result = spawn_step(step, data_dir, profile_out, args.timeout)
            results[n]["steps"][step] = result
            print(f"   {step:28s} {_cell(result)}", flush=True)
    cache_lines = []
    if not args.skip_cache:
        import cache_bench

        print("== build cache, bundled dataset", flush=True)
        jobs = re.search(r"--jobs\s+(\d+)", args.build_args)
        cache_lines = ["", *cache_bench.render(cache_bench.run(int(jobs.group(1)) if jobs else None))]
    meta["load_after"] = _load_average()
    table = render(results, sizes, meta) + "\n".join(cache_lines) + ("\n" if cache_lines else "")
    print()
    print(table)
    args.results.write_text(table, encoding="utf-8")
    (args.out / "results.json").write_text(json.dumps({str(k): v for k, v in results.items()}, indent=1))
    return 0


def _analyses_names() -> list[str]:
    return list(_analyses())


if __name__ == "__main__":
    sys.exit(main())
