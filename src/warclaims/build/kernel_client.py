"""The command a build's kernel manager runs for each notebook kernel: ``python -S kernel_client.py SOCKET CMD...``.

It asks the build's kernel zygote (:mod:`warclaims.build.zygote`, listening on ``SOCKET``) to fork a kernel
for ``CMD`` (the kernel spec's own command, connection file included), hands it this process's standard
streams, working folder and environment, and then stands for it: the signals it gets (an interrupt, a
termination) go to the kernel, and it exits as the kernel did. The kernel ends when this process does, even
by ``kill -9`` (it watches their connection). When there is no zygote, it refuses, or it does not answer in
time, this process becomes ``CMD`` itself (``execv``): the kernel then starts as it would without a build.

Run as a script, by path, with ``-S``: it imports nothing but the standard library (and
:mod:`warclaims.build.children`, which holds nothing else), before every kernel.
"""
import json
import os
import signal
import socket
import sys
import time

# Run by path, so this file's folder comes first on sys.path: the build's shared process helpers, imported as a
# module of their own (the standard library only), not through the package.
from children import die_with_parent

#: How long to wait for the zygote to fork (it may still be loading the snapshot, as a kernel would wait for
#: it too); kept well under the kernel start-up timeout (papermill's default is 60 s), so that a late or stuck
#: zygote leaves time to start the kernel the usual way.
WAIT_SECONDS = 40.0
FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2)


def _forked_kernel(path: str, command: list[str]) -> tuple[socket.socket, int, bytes] | None:
    """The connection to a kernel the zygote forked for ``command``, its pid and what it said after that;
    None if there is none."""
    request = json.dumps({"argv": command, "cwd": os.getcwd(), "env": dict(os.environ)}).encode()
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.settimeout(WAIT_SECONDS)
        conn.connect(path)
        socket.send_fds(conn, [len(request).to_bytes(8, "big") + request], [0, 1, 2])
        said = b""
        deadline = time.monotonic() + WAIT_SECONDS
        while b"\n" not in said:
            conn.settimeout(max(0.01, deadline - time.monotonic()))
            part = conn.recv(64)
            if not part:
                break
            said += part
        line, _, rest = said.partition(b"\n")
        words = line.split()
        if len(words) == 2 and words[0] == b"pid":
            conn.settimeout(None)
            return conn, int(words[1]), rest
    except (OSError, ValueError):
        pass
    conn.close()
    return None


def main(argv: list[str]) -> None:
    if len(argv) < 3:
        sys.exit("usage: kernel_client.py SOCKET KERNEL-COMMAND...")
    path, command = argv[1], argv[2:]
    die_with_parent(signal.SIGKILL)  # the kernel follows: it watches this process's connection
    forked = _forked_kernel(path, command) if path else None
    if forked is None:
        os.execv(command[0], command)
    conn, pid, said = forked

    def forward(signum, frame):
        try:
            os.kill(pid, signum)
        except OSError:
            pass

    for signum in FORWARDED:
        signal.signal(signum, forward)
    while True:  # the kernel says how it exited, then its end of the connection closes
        try:
            part = conn.recv(64)
        except InterruptedError:
            continue
        if not part:
            break
        said += part
    words = said.split()
    code = int(words[1]) if len(words) == 2 and words[0] == b"exit" and words[1].lstrip(b"-").isdigit() else 1
    os._exit(code & 0xFF)


if __name__ == "__main__":
    main(sys.argv)
