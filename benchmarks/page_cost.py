"""What it costs this machine to touch memory it has not touched before: the reason the build's processes keep
freed memory or give it back (see benchmarks/README.md).

    .venv/bin/python benchmarks/page_cost.py [--megabytes 1024] [--repeats 3]

Each repeat maps fresh anonymous memory, writes one byte to each page, and unmaps it; it prints the wall and
kernel (system) seconds and the microseconds per page. On bare metal a page costs well under 1 µs; on a virtual
machine whose host takes back the guest's free memory, several. Standard library only.
"""
from __future__ import annotations

import argparse
import mmap
import resource
import time


def touch(megabytes: int) -> tuple[float, float, int]:
    """Wall seconds, system seconds and page faults to write one byte to each page of fresh memory."""
    size, page = megabytes << 20, mmap.PAGESIZE
    before, start = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    memory = mmap.mmap(-1, size)
    try:
        for offset in range(0, size, page):
            memory[offset] = 1
    finally:
        memory.close()
    after = resource.getrusage(resource.RUSAGE_SELF)
    return time.perf_counter() - start, after.ru_stime - before.ru_stime, after.ru_minflt - before.ru_minflt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=1024)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    for _ in range(args.repeats):
        wall, system, faults = touch(args.megabytes)
        print(f"{args.megabytes} MB touched: {wall:.2f} s ({system:.2f} s in the kernel), {faults} page faults, "
              f"{wall / max(faults, 1) * 1e6:.1f} µs a page")


if __name__ == "__main__":
    main()
