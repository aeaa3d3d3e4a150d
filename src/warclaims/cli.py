"""The ``warclaims`` command: validate a dataset, build the reports, locate a quote."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from warclaims import paths


def _count(text: str) -> int:
    """A whole number of 0 or more, for argparse (which then names the option in its message)."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number of 0 or more, found {text!r}")
    return value


def _warn(warnings) -> None:
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)


def _validate(args: argparse.Namespace) -> int:
    from warclaims.dataset import DatasetError, load

    try:
        dataset = load(args.data_dir)
    except DatasetError as error:
        _warn(error.warnings)
        print(error.report(limit=args.max_problems or None), file=sys.stderr)
        print(f"{len(error.problems)} problem(s) found in {paths.data_dir(args.data_dir)}", file=sys.stderr)
        return 1
    _warn(dataset.warnings)
    counts = ", ".join(f"{len(dataset.tables[t])} {t.replace('_', ' ')}" for t in
                       ("sources", "actors", "claims", "ceasefires", "ceasefire_events") if t in dataset.tables)
    figures = dataset.claims["figure_id"].nunique()
    print(f"valid: {counts} ({figures} distinct figures) in {dataset.data_dir} [version {dataset.version}]")
    return 0


def _locate(args: argparse.Namespace) -> int:
    """Print the offset of a quote in an archived text: what a coder needs for quote_start."""
    from warclaims.dataset.read import read_article

    path = Path(args.text_file)
    if not args.quote:
        print("warclaims locate: give the quote's exact words (an empty quote is everywhere)", file=sys.stderr)
        return 2
    if not path.is_file():
        print(f"warclaims locate: {path}: not a file; give an archived text such as data/articles/000_....txt",
              file=sys.stderr)
        return 2
    try:
        text = read_article(path)  # byte-exact: offsets count \r\n as the validator does
    except UnicodeDecodeError as error:
        print(f"warclaims locate: {path}: not UTF-8 (byte {error.object[error.start]:#x} at offset {error.start}); "
              f"archived texts are stored as UTF-8", file=sys.stderr)
        return 2
    offsets, start = [], text.find(args.quote)
    while start >= 0:
        offsets.append(start)
        start = text.find(args.quote, start + 1)
    if not offsets:
        print(f"{args.text_file}: quote not found (copy it from the file itself: curly quotes, dashes and "
              f"non-breaking spaces must match)", file=sys.stderr)
        return 1
    for offset in offsets:
        print(offset)
    return 0


def _refresh_notebooks(args: argparse.Namespace) -> int:
    """Re-execute committed notebooks in place with their defaults, so their saved outputs match the code and data."""
    import nbformat
    import papermill

    notebooks = [Path(n) for n in args.notebooks] or sorted(paths.notebooks_dir().glob("*.ipynb"))
    for notebook in notebooks:
        print(f"executing {notebook}", flush=True)
        try:
            papermill.execute_notebook(str(notebook), str(notebook), kernel_name="python3", cwd=str(notebook.parent),
                                       progress_bar=False)
        except papermill.PapermillExecutionError as error:
            print(f"{notebook}: {error.ename}: {error.evalue}", file=sys.stderr)
            return 1
        # Papermill's timing metadata changes on every run; it is noise in a committed notebook.
        executed = nbformat.read(notebook, as_version=4)
        executed.metadata.pop("papermill", None)
        for cell in executed.cells:
            cell.metadata.pop("papermill", None)
            cell.metadata.pop("execution", None)
        nbformat.write(executed, notebook)
    return 0


def _new(args: argparse.Namespace) -> int:
    """Create a valid, empty dataset; ask for what the command line did not give (on a terminal)."""
    from warclaims import scaffold

    given = {key: getattr(args, key) for key in scaffold.ASKED}
    missing = [key for key, value in given.items() if value is None]
    if missing and not sys.stdin.isatty():
        print(f"warclaims new: give {', '.join('--' + key for key in missing)} (no terminal to ask on)", file=sys.stderr)
        return 2
    for key in missing:
        given[key] = input(f"{key}: ").strip()
    try:
        folder = scaffold.create(Path(args.folder), scaffold.Description(**given))
    except scaffold.ScaffoldError as error:
        print(f"warclaims new: {error}", file=sys.stderr)
        return 2
    print(f"created {folder}: add articles/, code claims, then `warclaims validate {folder}` (see docs/new-dataset.md)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="warclaims", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check a dataset and list every problem as file:row:column",
                                   description="Check a dataset against its datapackage.json and the warclaims rules. "
                                               "Exit 0 with a one-line summary when valid; exit 1 listing every problem.")
    validate.add_argument("data_dir", nargs="?", default=None, help="dataset folder (default: the bundled data/)")
    validate.add_argument("--max-problems", type=_count, default=None, metavar="N",
                          help="show at most N problems (0: all, the default); the count is of them all")
    validate.set_defaults(run=_validate)

    locate = commands.add_parser("locate", help="print the quote_start offset(s) of a quote in an archived text")
    locate.add_argument("text_file", help="the archived text, e.g. data/articles/000_....txt")
    locate.add_argument("quote", help="the exact words")
    locate.set_defaults(run=_locate)

    new = commands.add_parser("new", help="create a valid, empty dataset to code another war in",
                              description="Create FOLDER with datapackage.json, every table with its header, a "
                                          "codebook stub and a schedule; `warclaims validate FOLDER` accepts it.")
    new.add_argument("folder", help="the new dataset folder (must not exist, or be empty)")
    new.add_argument("--name", help="short id, e.g. my-war-2031")
    new.add_argument("--title", help="the dataset's title (heads every report page)")
    new.add_argument("--timezone", help="+HH:MM or an IANA zone such as Europe/Kyiv")
    new.add_argument("--licence", help="licence of the coding, e.g. CC-BY-4.0")
    new.set_defaults(run=_new)

    refresh = commands.add_parser("refresh-notebooks", help="re-execute notebooks/ in place with their default parameters")
    refresh.add_argument("notebooks", nargs="*", help="notebooks to refresh (default: every notebook in notebooks/)")
    refresh.set_defaults(run=_refresh_notebooks)

    from warclaims.extract import cli as extract_cli

    extract_cli.add_parsers(commands)  # extract, add: proposing rows for a new article and appending them

    from warclaims import build as build_package

    build = commands.add_parser("build", help="execute the scheduled notebooks and write offline HTML reports",
                                description="Execute every entry of the schedule with papermill and write "
                                            "self-contained, offline, reproducible HTML reports and an index.html.")
    build_package.add_build_arguments(build)
    build.set_defaults(run=build_package.run_build)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("warclaims: interrupted; reports not finished keep their previous pages", file=sys.stderr)
        return 130
    except OSError as error:  # a read-only, full or missing folder, a file where a folder should be
        where = f" {error.filename}" if getattr(error, "filename", None) else ""
        print(f"warclaims:{where}: {error.strerror or error}", file=sys.stderr)
        return 2
    except Exception as error:  # noqa: BLE001 - a user gets one line; a developer asks for the traceback
        if os.environ.get("WARCLAIMS_DEBUG"):
            raise
        print(f"warclaims: unexpected {type(error).__name__}: {error}. This is a bug in warclaims, not in your "
              "data; please report it (WARCLAIMS_DEBUG=1 shows the traceback).", file=sys.stderr)
        return 70


if __name__ == "__main__":
    sys.exit(main())
