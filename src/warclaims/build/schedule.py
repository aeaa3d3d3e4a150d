"""The schedule: read ``reports/schedule.yml`` and check every entry before anything runs.

Every problem in the file is collected, each as ``FILE:LINE: message``, and raised at once as a
:class:`ScheduleError`: a typo in the last entry should not cost a build of the first ones.
"""
from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Collection

import yaml

ENTRY_KEYS = {"name", "title", "notebook", "parameters", "remove_cell_tags", "ipynb", "show_input", "timeout"}
#: Seconds one cell of a report may run before the report fails and its kernel is stopped.
DEFAULT_TIMEOUT = 600
REQUIRED_KEYS = ("name", "title", "notebook")
# Names become file names next to index.html: no separators, no leading dot, not "index".
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
#: A file name may have 255 bytes; "<name>.failed.ipynb" and a temporary suffix must still fit.
MAX_NAME_BYTES = 200


@dataclass(frozen=True)
class Entry:
    """One validated schedule entry."""

    name: str
    title: str
    notebook: Path
    parameters: dict[str, Any] = field(default_factory=dict)
    remove_cell_tags: tuple[str, ...] = ()
    ipynb: bool = False
    show_input: bool = False
    timeout: int = DEFAULT_TIMEOUT


class ScheduleError(Exception):
    """Every problem found in a schedule, each as ``FILE:LINE: message``."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def shown(path: Path) -> str:
    """``path`` relative to the cwd when it is below it: shorter messages, clickable in editors."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def one_line(error: BaseException) -> str:
    """An exception as ``Name: message``, first line only (a notebook's own exception for a failed run)."""
    import papermill  # imported when needed: the CLI imports this package only to build its parser

    if isinstance(error, papermill.PapermillExecutionError):
        text = f"{error.ename}: {error.evalue}"
    else:
        text = f"{type(error).__name__}: {error}"
    line = text.strip().splitlines()[0] if text.strip() else type(error).__name__
    return line if len(line) <= 300 else line[:299] + "…"


#: How an entry check reports a problem: the node it is about and the message.
Report = Callable[[yaml.Node, str], None]


def papermill_parameters(notebook: Path) -> Collection[str]:
    """The parameters ``notebook`` declares in its cell tagged ``parameters``, as papermill reads them."""
    import papermill  # imported when needed: the CLI imports this package only to build its parser

    return papermill.inspect_notebook(str(notebook))


def load_schedule(
    schedule: Path, root: Path, required_parameters: tuple[str, ...] = (),
    declared: Callable[[Path], Collection[str]] = papermill_parameters,
) -> list[Entry]:
    """Read and validate a schedule file.

    Parameters
    ----------
    schedule : Path
        The YAML file.
    root : Path
        Folder that notebook paths are relative to (the project root).
    required_parameters : tuple of str
        Parameters every notebook must declare (``data_dir`` when ``--data-dir`` is given).
    declared : callable
        The parameter names a notebook declares (default :func:`papermill_parameters`; a build passes
        one that remembers them per notebook bytes).

    Returns
    -------
    list of Entry
        In file order.

    Raises
    ------
    ScheduleError
        Listing every problem at once, each as ``FILE:LINE: message``.
    """
    where = shown(schedule)
    try:
        data = schedule.read_bytes()
    except OSError as error:
        raise ScheduleError([f"{where}: cannot read the schedule: {error.strerror}"]) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ScheduleError([f"{where}:{line}: not UTF-8 (byte {data[error.start]:#x}); save the schedule as UTF-8"]) from None
    problems: list[str] = []

    def report(node: yaml.Node, message: str) -> None:
        problems.append(f"{where}:{node.start_mark.line + 1}: {message}")

    # Compose to nodes (not safe_load) so every value keeps the line it came from.
    loader = yaml.SafeLoader(text)
    try:
        document = loader.get_single_node()
        if document is None or not isinstance(document, yaml.SequenceNode):
            line = 1 if document is None else document.start_mark.line + 1
            raise ScheduleError([f"{where}:{line}: the schedule must be a list of reports"])
        entries = _entries(document, loader, root, required_parameters, report, declared)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise ScheduleError([f"{where}:{line}: invalid YAML: {error.problem or error.context}"]) from None
    finally:
        loader.dispose()
    if problems:
        raise ScheduleError(problems)
    return entries


def _entries(document: yaml.SequenceNode, loader: yaml.SafeLoader, root: Path, required_parameters: tuple[str, ...],
             report: Report, declared: Callable[[Path], Collection[str]]) -> list[Entry]:
    """The valid entries of the schedule's list, each name once; problems go to ``report``."""
    # Many entries share a notebook; read each one once (per call: notebooks change between calls).
    declared_parameters = functools.cache(declared)
    entries: list[Entry] = []
    first_line: dict[str, int] = {}
    for node in document.value:
        check = _EntryCheck(node, loader, root, report)
        entry = check.run(required_parameters, declared_parameters)
        if entry is None:
            continue
        if entry.name in first_line:
            report(node, f"duplicate report name {entry.name!r} (first used at line "
                         f"{first_line[entry.name]})")
            continue
        first_line[entry.name] = node.start_mark.line + 1
        entries.append(entry)
    return entries


class _EntryCheck:
    """The checks of one schedule entry, each a step; :meth:`run` gives the Entry, or None on any problem."""

    def __init__(self, node: yaml.Node, loader: yaml.SafeLoader, root: Path, report: Report) -> None:
        self.node, self.loader, self.root, self.report = node, loader, root, report
        self.failures = 0
        self.values: dict[str, Any] = {}  # key -> constructed value
        self.nodes: dict[str, tuple[yaml.Node, yaml.Node]] = {}  # key -> (key node, value node)

    def fail(self, at: yaml.Node, message: str) -> None:
        self.failures += 1
        self.report(at, message)

    def value_node(self, key: str) -> yaml.Node:
        return self.nodes[key][1]

    def run(self, required_parameters: tuple[str, ...],
            declared_parameters: Callable[[Path], Collection[str]]) -> Entry | None:
        if not isinstance(self.node, yaml.MappingNode):
            self.report(self.node, "each report must be a mapping with name, title, notebook and parameters")
            return None
        self.read_keys()
        self.check_name_and_title()
        declared = self.notebook_parameters(declared_parameters)
        parameters = self.check_parameters(declared, required_parameters)
        tags = self.check_tags_and_flags()
        if self.failures:
            return None
        values = self.values
        return Entry(name=values["name"], title=values["title"],
                     notebook=(self.root / values["notebook"]).resolve(), parameters=dict(parameters),
                     remove_cell_tags=tuple(tags), ipynb=values.get("ipynb", False),
                     show_input=values.get("show_input", False), timeout=values.get("timeout", DEFAULT_TIMEOUT))

    def read_keys(self) -> None:
        """Known keys, each once, with the required ones present."""
        for key_node, value_node in self.node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "<not a name>"
            if key in self.nodes:
                self.fail(key_node, f"duplicate key {key!r} in this report")
            elif key not in ENTRY_KEYS:
                hint = difflib.get_close_matches(str(key), ENTRY_KEYS, n=1)
                self.fail(key_node, f"unknown key {key!r}"
                                    + (f" (did you mean {hint[0]!r}?)" if hint else
                                       f" (allowed: {', '.join(sorted(ENTRY_KEYS))})"))
            else:
                self.nodes[key] = (key_node, value_node)
                self.values[key] = self.loader.construct_object(value_node, deep=True)
        for key in REQUIRED_KEYS:
            if key not in self.values:
                self.fail(self.node, f"missing key {key!r}")

    def check_name_and_title(self) -> None:
        name = self.values.get("name")
        if "name" in self.values:
            if isinstance(name, str) and len(name.encode()) > MAX_NAME_BYTES:
                self.fail(self.value_node("name"), f"name is {len(name.encode())} bytes long; the page's file name "
                                                   f"allows at most {MAX_NAME_BYTES}")
            elif not isinstance(name, str) or not NAME_PATTERN.fullmatch(name) or name == "index":
                self.fail(self.value_node("name"),
                          f"invalid name {name!r}: it becomes <name>.html, so use letters, "
                          f"digits, '_', '-', '.' (not starting with '.'; not 'index')")
        title = self.values.get("title")
        if "title" in self.values and (not isinstance(title, str) or not title.strip()):
            self.fail(self.value_node("title"), "title must be a non-empty string")

    def notebook_parameters(self, declared_parameters: Callable[[Path], Collection[str]]) -> Collection[str] | None:
        """The parameters the entry's notebook declares; None when there is no readable notebook."""
        if "notebook" not in self.values:
            return None
        notebook, at = self.values["notebook"], self.value_node("notebook")
        path = self.root / str(notebook)
        if not isinstance(notebook, str) or not notebook.endswith(".ipynb"):
            self.fail(at, f"notebook must be a path to an .ipynb file, got {notebook!r}")
        elif not path.is_file():
            self.fail(at, f"notebook not found: {notebook} (paths are relative to the project root)")
        else:
            try:
                return declared_parameters(path.resolve())
            except Exception as error:  # unreadable JSON, not a notebook, ...
                self.fail(at, f"cannot read notebook {notebook}: {one_line(error)}")
        return None

    def check_parameters(self, declared: Collection[str] | None, required_parameters: tuple[str, ...]) -> dict:
        """The entry's parameters (a mapping; each one declared by the notebook)."""
        parameters = self.values.get("parameters")
        if parameters is None:
            parameters = {}
        elif not isinstance(parameters, dict):
            self.fail(self.value_node("parameters"), "parameters must be a mapping of parameter name to value")
            parameters = {}
        if declared is None:
            return parameters
        notebook = self.values["notebook"]
        known = ", ".join(declared) or "none: the notebook has no cell tagged 'parameters'"
        for key_node, _ in self.value_node("parameters").value if parameters else ():
            if key_node.value not in declared:
                hint = difflib.get_close_matches(str(key_node.value), list(declared), n=1)
                self.fail(key_node, f"unknown parameter {key_node.value!r} for {notebook}"
                                    + (f" (did you mean {hint[0]!r}?)" if hint else f" (known: {known})"))
        for required in required_parameters:
            if required not in declared:
                self.fail(self.value_node("notebook"), f"{notebook} declares no parameter {required!r}, "
                                                       f"which --data-dir passes to every report")
        return parameters

    def check_tags_and_flags(self) -> list[str]:
        """``remove_cell_tags`` (returned) and the two true/false options."""
        tags = self.values.get("remove_cell_tags", [])
        if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
            self.fail(self.value_node("remove_cell_tags"), "remove_cell_tags must be a list of tag names")
            tags = []
        for flag in ("ipynb", "show_input"):
            value = self.values.get(flag, False)
            if not isinstance(value, bool):
                self.fail(self.value_node(flag), f"{flag} must be true or false, got {value!r}")
        timeout = self.values.get("timeout", DEFAULT_TIMEOUT)
        if isinstance(timeout, bool) or not isinstance(timeout, int) or not 1 <= timeout <= 86_400:
            self.fail(self.value_node("timeout"), f"timeout must be a whole number of seconds per cell, 1 to 86400, got {timeout!r}")
        return tags
