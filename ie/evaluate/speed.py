"""Throughput and peak memory of each system on N generated reports or on given texts (`govie bench`).

Each measurement runs in its own Python process, so that one system's peak memory is not
another's; predictions are streamed to a file exactly as `govie extract` does. The `read`
row only reads and normalizes the same documents: the floor every system stands on, and
each system's throughput is also given as a share of it. Start-up (a fresh interpreter
importing and building the system, then reading one short text) is measured apart.
"""

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ie.extract.base import get_extractor
from ie.extract.runner import Engine, predictions
from ie.read import ReadError
from ie.read.corpus import load_corpus
from ie.read.files import read_document
from ie.read.jsonl import JsonlWriter
from ie.synth import LAYOUTS, SynthConfig, generate_corpus

BENCH_LAYOUTS = tuple(
    x for x in LAYOUTS if x != "docx"
)  # Word rendering makes generation, not extraction, the cost


def bench_corpus(folder: Path, n: int, seed: int = 99) -> list[Path]:
    """N generated reports; what the readers would read (the HTML original where there is one)."""
    generate_corpus(folder, SynthConfig(n=n, seed=seed, layouts=BENCH_LAYOUTS))
    return [d.input_path for d in load_corpus(folder)]


def peak_rss_mb() -> float:
    """Largest resident set of this process or of any of its worker processes, in MB.

    The process's own peak is read from /proc (VmHWM starts afresh at exec, whereas
    ru_maxrss keeps the peak of the parent image it was forked from)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        status = Path("/proc/self/status").read_text()
        own = int(
            next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
        )
    except (OSError, StopIteration, ValueError):
        pass
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)


def measure(
    paths: list[str], system: str, options: dict, workers: int, engine: str = "local"
) -> dict:
    """Run in this process: build the system once (and start Ray), then time extraction of every document."""
    started = time.perf_counter()
    extractor = get_extractor(system, **options)
    if engine == "ray":
        from ie.extract.ray_engine import start_ray

        start_ray()
    load_seconds = time.perf_counter() - started
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        with JsonlWriter(Path(tmp) / "predictions.jsonl") as sink:
            for pred in predictions(paths, extractor, workers, Engine(engine)):
                failed += pred.error is not None
                sink.write(pred)
        seconds = time.perf_counter() - started
    return figures(len(paths), failed, seconds, workers, load_seconds)


def figures(documents: int, failed: int, seconds: float, workers: int, load_seconds: float) -> dict:
    return {
        "documents": documents,
        "failed": failed,
        "seconds": round(seconds, 3),
        "docs_per_second": round(documents / seconds, 1),
        "peak_rss_mb": peak_rss_mb(),
        "workers": workers,
        "load_seconds": round(load_seconds, 2),
    }


def measure_read(paths: list[str]) -> dict:
    """The floor: read and normalize every document, nothing else."""
    started = time.perf_counter()
    failed = 0
    for path in paths:
        try:
            read_document(Path(path))
        except ReadError:
            failed += 1
    return figures(len(paths), failed, time.perf_counter() - started, 1, 0.0)


STARTUP_SCRIPT = (
    "import sys\n"
    "from ie.extract.base import get_extractor\n"
    "from ie.read import Document\n"
    "get_extractor(sys.argv[1], **__import__('json').loads(sys.argv[2]))"
    ".extract(Document('d', '本年度共主动公开政府信息12条。'))\n"
)


def startup_seconds(system: str, options: dict, repeat: int = 3) -> float:
    """Median wall time of a fresh interpreter that imports and builds the system and reads one text."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", STARTUP_SCRIPT, system, json.dumps(options)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise RuntimeError(f"starting {system} failed: {done.stderr.strip()[-300:]}")
        times.append(time.perf_counter() - started)
    return round(sorted(times)[len(times) // 2], 2)


def measure_in_subprocess(
    paths: list[Path], system: str, options: dict, workers: int, engine: str = "local"
) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(
            {
                "paths": [str(p) for p in paths],
                "system": system,
                "options": options,
                "workers": workers,
                "engine": engine,
            },
            fh,
        )
    done = subprocess.run(
        [sys.executable, "-m", "ie.evaluate.speed", fh.name], capture_output=True, text=True
    )
    Path(fh.name).unlink(missing_ok=True)
    if done.returncode != 0:
        raise RuntimeError(
            f"measuring {system} failed: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}"
        )
    return json.loads(done.stdout.strip().splitlines()[-1])


def plan(
    systems: dict[str, dict], workers: int, gpu: bool, ray: bool = False
) -> list[tuple[str, str, dict, int, str]]:
    """(name in the output, system, options, workers, engine) for each measurement."""
    runs = []
    for system, options in systems.items():
        if system == "model":
            options = {**options, "device": "cpu"}
        runs.append((system, system, options, 1, "local"))
        if workers > 1:
            runs.append((f"{system}/workers={workers}", system, options, workers, "local"))
        if ray:
            runs.append((f"{system}/ray actors={workers}", system, options, workers, "ray"))
        if system == "model":
            runs.append(("model/int8", system, {**options, "quantize": True}, 1, "local"))
            runs.append(
                ("model/bfloat16", system, {**options, "precision": "bfloat16"}, 1, "local")
            )
        if system == "model" and gpu:
            runs.append(("model/cuda", system, {**options, "device": "cuda"}, 1, "local"))
    return runs


def bench(
    n: int,
    systems: dict[str, dict],
    workers: int,
    progress=None,
    engine: str = "local",
    texts: list[Path] | None = None,
) -> dict:
    """Each system (name → its options) measured alone, in its own process, beside the read
    floor; with engine "ray", also through Ray actors on a local Ray. `texts` (files, repeated
    as given) replace the N generated reports."""
    runs = plan(systems, workers, "model" in systems and _cuda(), ray=engine == "ray")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        paths = [str(p) for p in texts] if texts else bench_corpus(Path(tmp), n)
        task = progress.add_task("bench", total=len(runs) + 1 + len(systems)) if progress else None
        results["read"] = measure_read_in_subprocess(paths)
        floor = results["read"]["docs_per_second"]
        for name, system, options, w, how in runs:
            results[name] = measure_in_subprocess(paths, system, options, w, how)
            results[name]["ratio_to_read"] = round(results[name]["docs_per_second"] / floor, 4)
            if progress:
                progress.advance(task)
        for system, options in systems.items():
            results[system]["startup_seconds"] = startup_seconds(system, options)
            if progress:
                progress.advance(task)
    return {
        "documents": len(paths),
        "source": "given texts" if texts else "generated",
        "cpu_count": _cpus(),
        "systems": results,
    }


def measure_read_in_subprocess(paths: list[str]) -> dict:
    return measure_in_subprocess(paths, "read", {}, 1, "local")


def _cuda() -> bool:
    import torch

    return torch.cuda.is_available()


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


if __name__ == "__main__":
    job = json.loads(Path(sys.argv[1]).read_text())
    if job["system"] == "read":
        result = measure_read(job["paths"])
    else:
        result = measure(job["paths"], job["system"], job["options"], job["workers"], job["engine"])
    print(json.dumps(result))
