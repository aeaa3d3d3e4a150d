"""Kernels forked from one process that has imported the notebooks' libraries and loaded the build's snapshot.

Every kernel of a build would otherwise import the same libraries and unpickle the same snapshot (at a
million claims, about 6 s of CPU each, on a machine the build keeps busy). The build instead starts one
*zygote* (:class:`Zygote`, running :func:`serve`) beside its workers: it imports what the notebooks import,
loads the snapshot once, and then forks a kernel whenever a worker starts one. A fork shares the loaded
dataset with the zygote and the other kernels until it writes to it, and starts with the state of a fresh
kernel: nothing has run in the zygote but imports and the load.

The workers' kernel manager (:func:`kernel_manager_class`) starts ``kernel_client.py`` (see there) in front of
the kernel spec's own command; that process asks the zygote for a fork, hands it its standard streams,
working folder and environment, and stands for the kernel, so that jupyter_client interrupts, stops and
waits for it as for any kernel. Whatever cannot be forked (another kernel spec, a zygote that holds threads,
one that is gone or late) starts the usual way.

The zygote listens on a socket in a folder only this user can enter, and forks only for this user.
"""
from __future__ import annotations

import functools
import gc
import importlib
import json
import os
import pkgutil
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import traceback
from pathlib import Path

from warclaims.build.children import ONE_THREAD, die_with_parent, inherited, single_threaded

#: Set to 0 to start every kernel the usual way (for a kernel that should behave differently when forked).
FORK_ENV = "WARCLAIMS_FORK_KERNELS"
#: Set for the workers: the zygote's socket. A kernel manager of :func:`kernel_manager_class` uses it.
ZYGOTE_ENV = "WARCLAIMS_KERNEL_ZYGOTE"
CLIENT = Path(__file__).with_name("kernel_client.py")
#: What the zygote imports: the kernel, the libraries the notebooks draw with, and the package's modules.
PRELOADED = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "IPython.display",
             "matplotlib.pyplot", "matplotlib_inline.backend_inline", "altair", "pandas", "warclaims")
PRELOADED_PACKAGES = ("warclaims.analysis", "warclaims.charts", "warclaims.dataset", "warclaims.site",
                      "warclaims.text")
SERVE = "import sys; from warclaims.build.zygote import serve; serve(int(sys.argv[1]), sys.argv[2])"


@functools.cache
def kernel_manager_class():
    """jupyter_client's ``AsyncKernelManager``, starting its kernel through the zygote named by
    :data:`ZYGOTE_ENV` when there is one (the kernel spec's own command otherwise)."""
    from jupyter_client.manager import AsyncKernelManager

    class ZygoteKernelManager(AsyncKernelManager):
        def format_kernel_cmd(self, extra_arguments=None):
            command = super().format_kernel_cmd(extra_arguments)
            path = os.environ.get(ZYGOTE_ENV, "")
            return [sys.executable, "-S", str(CLIENT), path, *command] if path else command

    ZygoteKernelManager.__module__ = __name__
    return ZygoteKernelManager


class Zygote:
    """The build's zygote process, while in the block (its socket named in :data:`ZYGOTE_ENV` for the workers
    started meanwhile); stopped, with its socket, when the block ends."""

    def __init__(self, data_dir: Path, log_path: Path) -> None:
        self.data_dir, self.log_path = data_dir, log_path
        self.process: subprocess.Popen | None = None
        self._folder: str | None = None

    def __enter__(self) -> Zygote:
        if os.environ.get(FORK_ENV, "").strip() == "0":
            return self
        self._folder = tempfile.mkdtemp(prefix="warclaims-kernels-")  # mode 0700: only this user connects
        path = os.path.join(self._folder, "zygote")
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            # Bound here, before the zygote imports anything: a kernel asked for meanwhile waits in the backlog.
            listener.bind(path)  # fails for a path too long for a socket (a long TMPDIR)
            listener.listen(16)
            with inherited(ONE_THREAD), open(self.log_path, "ab") as log:
                self.process = subprocess.Popen(
                    [sys.executable, "-c", SERVE, str(listener.fileno()), str(self.data_dir)],
                    pass_fds=[listener.fileno()], stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        except OSError:
            return self  # no zygote: every kernel starts the usual way
        finally:
            listener.close()
        os.environ[ZYGOTE_ENV] = path
        return self

    def __exit__(self, *exc: object) -> None:
        os.environ.pop(ZYGOTE_ENV, None)
        if self.process is not None:
            self.process.kill()  # its kernels are the workers' and have ended, or end with their clients
            self.process.wait()
        if self._folder:
            shutil.rmtree(self._folder, ignore_errors=True)


def _preload(data_dir: str) -> None:
    """Import what the kernels import; load the snapshot (waiting while the build writes it)."""
    # As ipykernel does before the kernel's code runs: matplotlib reads it when imported.
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    names = list(PRELOADED)
    for package in PRELOADED_PACKAGES:
        try:
            names += [info.name for info in pkgutil.walk_packages(importlib.import_module(package).__path__,
                                                                 package + ".")]
        except ImportError:
            pass
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # the kernel that needs it imports it and says what is wrong
            pass
    _as_imported_by_a_kernel()
    from warclaims import handover

    handover.preload(data_dir)
    # Every object so far is the zygote's, shared with each fork until written: the forks' garbage collector
    # would write to all of them (and so copy their pages) if they were not set aside.
    gc.freeze()


def _as_imported_by_a_kernel() -> None:
    """Set what a library fixed on import from the process importing it, as a kernel's import would have.

    pandas fits a table's text to the terminal's width when it is imported outside a Jupyter kernel (its
    ``display.max_columns``, 0 there and 20 in a kernel); Altair names a chart's views after that text.
    """
    pandas = sys.modules.get("pandas")
    if pandas is not None:
        pandas.set_option("display.max_columns", 20)


def _receive(conn: socket.socket) -> tuple[dict, list[int]]:
    """A worker's request: its kernel's command, folder and environment, and its three standard streams."""
    head, fds, _, _ = socket.recv_fds(conn, 1 << 16, 3)
    size = int.from_bytes(head[:8], "big")
    body = head[8:]
    while len(body) < size:
        part = conn.recv(size - len(body))
        if not part:
            raise OSError("the request was cut short")
        body += part
    return json.loads(body), fds


def _forkable(request: dict, conn: socket.socket, fds: list[int]) -> bool:
    if not isinstance(request, dict):
        return False
    uid = struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")))[1]
    command = request.get("argv")
    return (uid == os.getuid() and len(fds) == 3 and isinstance(command, list) and len(command) >= 3
            and command[0] == sys.executable and command[1:3] == ["-m", "ipykernel_launcher"]
            and isinstance(request.get("cwd"), str) and isinstance(request.get("env"), dict)
            and single_threaded())


def _become_kernel(conn: socket.socket, fds: list[int], request: dict) -> None:
    """In the fork: take the worker's streams, folder and environment, and run the kernel; never returns."""
    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.setsid()
        for target, fd in zip((0, 1, 2), fds):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = ["ipykernel_launcher", *request["argv"][3:]]
        sys.path[0] = request["cwd"]  # as `python -m` sets it
        conn.sendall(f"pid {os.getpid()}\n".encode())

        def watch():  # the worker's client is gone (even by kill -9): so is the kernel
            while True:
                try:
                    if not conn.recv(64):
                        break
                except InterruptedError:
                    continue
                except OSError:
                    break
            os._exit(1)

        threading.Thread(target=watch, daemon=True).start()
        # The kernel application reads the worker's pid from the environment when its module is imported
        # (to stop when the worker does): imported again, with the worker's environment.
        from ipykernel import kernelapp

        importlib.reload(kernelapp).launch_new_instance()
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except BaseException:
        traceback.print_exc()
    # Ended as a kernel started the usual way is (killed once it has said it shuts down): no exit handlers,
    # and nothing left in the buffers of the streams it no longer writes to.
    try:
        conn.sendall(f"exit {code}\n".encode())
    finally:
        os._exit(code & 0xFF)


def _hung_up(conn: socket.socket) -> bool:
    poller = select.poll()
    poller.register(conn, select.POLLIN | select.POLLHUP)
    if not poller.poll(0):
        return False
    try:
        return conn.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False


def serve(listener_fd: int, data_dir: str) -> None:
    """The zygote: preload, then fork a kernel for each request on the socket, until stopped."""
    die_with_parent()
    listener = socket.socket(fileno=listener_fd)
    _preload(data_dir)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the forks are reaped as they end
    while True:
        conn, _ = listener.accept()
        fds: list[int] = []
        try:
            request, fds = _receive(conn)
            if not _forkable(request, conn, fds):
                conn.sendall(b"no\n")
            elif _hung_up(conn):
                pass  # the worker stopped waiting and started its kernel itself
            elif (pid := os.fork()) == 0:
                listener.close()
                _become_kernel(conn, fds, request)
            else:
                print(f"kernel {pid} forked from the zygote", file=sys.stderr, flush=True)
        except (OSError, ValueError):
            pass
        finally:
            for fd in fds:
                os.close(fd)
            conn.close()

