"""Debian's Chromium under Playwright, shared by the browser tests.

Playwright's own browser download cannot work here, so the tests drive the system Chromium. Where it
is missing the tests skip loudly on a workstation and fail under ``CI=true``, where they must run.
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NoReturn

import pytest

CHROMIUM = Path(os.environ.get("WARCLAIMS_CHROMIUM", "/usr/bin/chromium"))
# Without these Chromium phones home at start-up, and this machine's closed network refuses it.
BASE_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking")


def unavailable(check: str, reason: str) -> NoReturn:
    """Skip ``check`` loudly, or fail it in CI."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{check} cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"{check.upper()} NOT RUN: {reason} (under CI=true this fails)")


@contextlib.contextmanager
def chromium(check: str, extra_args: Sequence[str] = ()) -> Iterator:
    """Launch the system Chromium for ``check`` (a name for messages) and close it afterwards."""
    if not CHROMIUM.exists():
        unavailable(check, f"{CHROMIUM} is missing (apt-get install chromium, or set WARCLAIMS_CHROMIUM)")
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        unavailable(check, "the playwright Python package is missing (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=[*BASE_ARGS, *extra_args])
        except Error as error:
            unavailable(check, f"{CHROMIUM} does not start: {str(error).splitlines()[0]}")
        try:
            yield browser
        finally:
            browser.close()
