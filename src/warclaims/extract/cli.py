"""The ``extract`` and ``add`` subcommands: argument parsing and clear messages for bad input."""
from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path


def _fail(message: str, code: int = 1) -> int:
    print(f"warclaims: {message}", file=sys.stderr)
    return code


def _load(data_dir):
    from warclaims import DatasetError, load, paths

    try:
        return load(data_dir), None
    except DatasetError as error:
        return None, f"the dataset in {paths.data_dir(data_dir)} does not validate; fix it first:\n{error.report(limit=20)}"


def run_extract(args: argparse.Namespace) -> int:
    from warclaims.extract import extract, output

    article = Path(args.article)
    if not article.is_file():
        return _fail(f"{article}: no such file (give the archived text, e.g. data/articles/005_name.txt)")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(Z|[+-]\d{2}:\d{2}))?", args.published or ""):
        return _fail(f"--published {args.published!r} is not an ISO 8601 date such as 2020-10-19", 2)
    try:
        date.fromisoformat(args.published[:10])
    except ValueError:
        return _fail(f"--published {args.published!r} is not a real calendar date", 2)
    dataset, problem = _load(args.data_dir)
    if problem:
        return _fail(problem)
    if args.source_id not in set(dataset.sources["source_id"]):
        known = ", ".join(sorted(dataset.sources["source_id"]))
        return _fail(f"--source-id {args.source_id!r} is not in sources.csv (known: {known}); record the archived text "
                     f"in sources.csv first")
    try:
        result = extract(article, args.source_id, args.published, dataset)
    except UnicodeDecodeError as error:
        return _fail(f"{article}: not UTF-8 text ({error.reason} at byte {error.start}); archive the text as UTF-8")
    if args.out:
        claims, events = output.write(result, Path(args.out), dataset.data_dir)
        print(f"wrote {len(result.claims)} claim candidate(s) to {claims} and {len(result.events)} ceasefire event "
              f"candidate(s) to {events}")
    else:
        sys.stdout.write(output.summary(result, args.source_id))
    return 0


def run_add(args: argparse.Namespace) -> int:
    from warclaims import paths
    from warclaims.extract.add import AddError, add

    for path in args.reviewed:
        if not Path(path).is_file():
            return _fail(f"{path}: no such file (give the review CSV written by notebooks/curate.ipynb or warclaims extract --out)")
    data_dir = paths.data_dir(args.data_dir)
    _, problem = _load(data_dir)
    if problem:
        return _fail(problem)
    try:
        result = add(data_dir, [Path(p) for p in args.reviewed])
    except AddError as error:
        return _fail(str(error))
    except (KeyError, ValueError) as error:
        return _fail(f"the review CSV lacks what warclaims add needs: {error}")
    if result.problems:
        print("\n".join(result.problems), file=sys.stderr)
        return _fail(f"nothing written: with the accepted rows the dataset would have {len(result.problems)} problem(s)")
    print(f"added {len(result.claims)} claim(s) {' '.join(result.claims)}; {len(result.events)} ceasefire event(s) "
          f"{' '.join(result.events)}; {len(result.actors)} actor(s) {' '.join(result.actors)}; "
          f"{len(result.ceasefires)} ceasefire(s) {' '.join(result.ceasefires)} to {data_dir}. Run warclaims validate.")
    return 0


def add_parsers(commands) -> None:
    """Register ``extract`` and ``add`` on the ``warclaims`` subcommand parser."""
    extract = commands.add_parser("extract", help="propose claim, silence and ceasefire-event rows for an archived text",
                                  description="Read an archived text and propose candidate rows (claims.csv columns plus "
                                              "confidence and why, and ceasefire_events.csv rows), each quoting the text "
                                              "verbatim at its offset. Without --out, print a summary.")
    extract.add_argument("article", help="the archived text, e.g. data/articles/005_name.txt")
    extract.add_argument("--source-id", required=True, help="its source_id in sources.csv")
    extract.add_argument("--published", required=True, help="its publication date, ISO 8601 (e.g. 2020-10-19)")
    extract.add_argument("--data-dir", default=None, help="dataset folder (default: the bundled data/)")
    extract.add_argument("--out", default=None, help="write claim candidates here and events to OUT's stem + .events.csv")
    extract.set_defaults(run=run_extract)

    add = commands.add_parser("add", help="append accepted review rows to the dataset, if the result validates",
                              description="Append the rows whose accept column is yes (all rows when there is no accept "
                                          "column) with new ids; validate a copy first and write nothing if it fails.")
    add.add_argument("reviewed", nargs="+", help="the review CSV written by notebooks/curate.ipynb (claims and ceasefire "
                                                 "events in one file), or the claims and events CSVs of extract --out")
    add.add_argument("--data-dir", default=None, help="dataset folder (default: the bundled data/)")
    add.set_defaults(run=run_add)
