"""What every child process of a build shares: the environment it inherits, ending with the build, and the one
thread a process must hold to fork.

The stage, the workers, the kernel zygote and the zygote's clients use these; none of them imports another for
them. Standard library only: ``kernel_client.py`` imports this file as a module of its own, before any package.
"""
from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal


#: For a process that forks and so must hold no other thread (the stage, the kernel zygote): numpy's OpenBLAS
#: starts one per core when imported, and neither multiplies matrices. A value the user set wins.
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1"}


@contextlib.contextmanager
def inherited(values: dict[str, str]):
    """While in the block: ``values`` in the environment the processes started meanwhile inherit, except
    those the user set already (theirs win); the build's own environment is as before afterwards."""
    added = {key: value for key, value in values.items() if key not in os.environ}
    os.environ.update(added)
    try:
        yield
    finally:
        for key in added:
            os.environ.pop(key, None)


def die_with_parent(signum: int = signal.SIGTERM) -> None:
    """Ask Linux to stop this process (a worker, the stage, the kernel zygote) when the build that started it
    dies, even by ``kill -9``; a worker's kernels follow (a forked kernel ends with the client process that
    stands for it in the worker, and ipykernel exits when its parent process goes, see ``JPY_PARENT_PID``)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(1, signum)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: a build stopped cleanly still stops its workers
        pass
    if os.getppid() == 1:  # the parent died before the call above took effect
        os._exit(1)


def single_threaded() -> bool:
    """Whether this process runs one thread only, and so may fork (False when it cannot tell: not Linux); a
    fork of a process with threads may hang on a lock one of them held."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False
