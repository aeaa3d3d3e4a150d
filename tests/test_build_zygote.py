"""Kernels forked from the build's zygote (warclaims.build.zygote): they give the same pages as kernels started
the usual way, they are interrupted, stopped and waited for as those are, they end with the worker's client even
when it is killed, and whatever cannot be forked starts the usual way."""
from __future__ import annotations

import asyncio
import filecmp
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from conftest import alive, write_other_dataset
from warclaims.build import runner, zygote

ROOT = Path(__file__).resolve().parents[1]


def _gone(pid: int, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not alive(pid)


def _build(data: Path, out: Path, cache_dir: Path, fork: bool, monkeypatch) -> None:
    monkeypatch.setenv(zygote.FORK_ENV, "1" if fork else "0")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    schedule = runner.schedule_for(str(data))
    assert runner.build(schedule, out, root=ROOT, jobs=2, data_dir=str(data), cache_dir=cache_dir) == 0


def test_forked_kernels_write_the_pages_kernels_started_the_usual_way_write(tmp_path, monkeypatch):
    data = write_other_dataset(tmp_path / "data")
    _build(data, tmp_path / "forked", tmp_path / "cache-forked", True, monkeypatch)
    _build(data, tmp_path / "usual", tmp_path / "cache-usual", False, monkeypatch)
    forks = (tmp_path / "cache-forked" / "workers.log").read_text().count("forked from the zygote")
    assert forks == 2, "each of the two reports ran in a forked kernel"
    assert "forked from the zygote" not in (tmp_path / "cache-usual" / "workers.log").read_text()
    pages = sorted(p.relative_to(tmp_path / "forked") for p in (tmp_path / "forked").rglob("*") if p.is_file())
    assert any(p.suffix == ".html" for p in pages)
    usual = sorted(p.relative_to(tmp_path / "usual") for p in (tmp_path / "usual").rglob("*") if p.is_file())
    assert pages == usual
    _, different, errors = filecmp.cmpfiles(tmp_path / "forked", tmp_path / "usual", [str(p) for p in pages],
                                            shallow=False)
    assert (different, errors) == ([], [])


@pytest.fixture
def zygote_running(tmp_path, monkeypatch):
    """A zygote with no snapshot to load: it imports, then forks."""
    monkeypatch.delenv("WARCLAIMS_SNAPSHOT", raising=False)
    monkeypatch.delenv(zygote.FORK_ENV, raising=False)
    log = tmp_path / "zygote.log"
    with zygote.Zygote(ROOT / "data", log) as running:
        assert os.environ.get(zygote.ZYGOTE_ENV)
        yield running, log


async def _kernel_session(log: Path, interrupt_and_kill: bool) -> dict:
    """Start a kernel through the zygote; say its pid and its client's, what an interrupt did, and, if asked,
    kill the client with SIGKILL (as jupyter_client kills a kernel that does not stop)."""
    manager = zygote.kernel_manager_class()(kernel_name="python3")
    await manager.start_kernel()
    client = manager.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=60)
        outputs = []
        reply = await client.execute_interactive("import os; print(os.getpid())", timeout=30,
                                                 output_hook=lambda msg: outputs.append(msg))
        kernel = int(next(m["content"]["text"] for m in outputs if m["msg_type"] == "stream"))
        seen = {"kernel": kernel, "client": manager.provisioner.process.pid}
        if interrupt_and_kill:
            began = time.monotonic()
            msg_id = client.execute("import time; time.sleep(60)")
            await asyncio.sleep(1.0)
            await manager.interrupt_kernel()
            while True:
                message = await client.get_shell_msg(timeout=30)
                if message["parent_header"].get("msg_id") == msg_id:
                    break
            seen["interrupted"] = message["content"].get("ename"), time.monotonic() - began
            os.kill(seen["client"], signal.SIGKILL)
            seen["kernel_gone"] = await asyncio.to_thread(_gone, kernel)
        return seen
    finally:
        client.stop_channels()
        if await manager.is_alive():
            await manager.shutdown_kernel(now=False)


def test_a_forked_kernel_is_interrupted_and_ends_with_its_client(zygote_running):
    running, log = zygote_running
    seen = asyncio.run(_kernel_session(log, interrupt_and_kill=True))
    assert seen["kernel"] != seen["client"], "the kernel is a fork of the zygote, not the client's process"
    assert f"kernel {seen['kernel']} forked from the zygote" in log.read_text()
    assert seen["interrupted"][0] == "KeyboardInterrupt" and seen["interrupted"][1] < 20
    assert seen["kernel_gone"], "a kernel whose client was killed stops"


def test_a_forked_kernel_shuts_down_as_any_kernel(zygote_running):
    running, log = zygote_running
    seen = asyncio.run(_kernel_session(log, interrupt_and_kill=False))
    assert _gone(seen["kernel"]) and _gone(seen["client"])


def test_what_cannot_be_forked_starts_the_usual_way(zygote_running, tmp_path):
    path = os.environ[zygote.ZYGOTE_ENV]
    command = [sys.executable, "-c", "import os; print('ran as', os.getpid())"]
    for socket_path in (path, str(tmp_path / "no-zygote-here")):  # refused; no zygote at all
        done = subprocess.run([sys.executable, "-S", str(zygote.CLIENT), socket_path, *command],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and done.stdout.startswith("ran as "), done.stderr
    assert "forked from the zygote" not in zygote_running[1].read_text()


def test_the_zygote_stops_and_takes_its_socket_with_it(tmp_path, monkeypatch):
    monkeypatch.delenv("WARCLAIMS_SNAPSHOT", raising=False)
    monkeypatch.delenv(zygote.FORK_ENV, raising=False)
    with zygote.Zygote(ROOT / "data", tmp_path / "log") as running:
        path = Path(os.environ[zygote.ZYGOTE_ENV])
        assert path.exists() and (path.parent.stat().st_mode & 0o077) == 0, "only this user may connect"
        pid = running.process.pid
    assert zygote.ZYGOTE_ENV not in os.environ
    assert not path.exists() and not path.parent.exists()
    assert _gone(pid)


def test_the_zygote_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv(zygote.FORK_ENV, "0")
    with zygote.Zygote(ROOT / "data", tmp_path / "log") as running:
        assert running.process is None and zygote.ZYGOTE_ENV not in os.environ


def test_a_folder_too_deep_for_a_socket_means_no_zygote_and_nothing_left(tmp_path, monkeypatch):
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    deep.mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(deep))
    monkeypatch.delenv(zygote.FORK_ENV, raising=False)
    with zygote.Zygote(ROOT / "data", tmp_path / "log") as running:
        assert running.process is None and zygote.ZYGOTE_ENV not in os.environ
    assert list(deep.iterdir()) == []
