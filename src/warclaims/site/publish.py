"""The site of one build: what :mod:`warclaims.build.runner` calls.

1. before the reports run: the footer's facts (:func:`facts_for`), then the sources page, the article
   pages and the codebook (:func:`write_pages`) and the dataset zip; :func:`prepare` does all of it in one
   process, and a build spreads it over its processes (:mod:`warclaims.build.stage`: one loads the dataset
   once for the facts, the pages and the kernels' snapshot; :func:`site_subset` is what the pages need of it);
2. :func:`page_parameters`: the ``site_page`` parameter for each report whose notebook declares it;
3. :func:`shown_to_kernels`, around the reports: the output folder and the report pages' header and
   footer, in the environment the workers and their kernels inherit;
4. the index is written by the build, with the same facts (:func:`warclaims.build.index.index_page`).

A dataset that does not load still gets a header and footer (from its descriptor when it reads), but no
source, article, codebook or download pages: the reports then say what is wrong with it.
"""
from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from warclaims.site import PAGE_PARAMETER, chrome, downloads
from warclaims.site.facts import FALLBACK_TITLE, SiteFacts, build_date, latest_date, latest_day
from warclaims.text.licences import licences


def _descriptor(data_path: Path) -> dict:
    from warclaims.dataset.read import read_descriptor

    try:
        return read_descriptor(data_path)
    except Exception:  # a broken descriptor: the reports say what is wrong with it
        return {}


def load_checked(data_path: Path, while_checking=None):
    """The dataset, validated afresh (never a build's snapshot), or (None, one line on why not);
    ``while_checking``: as :func:`warclaims.dataset.load` takes it."""
    from warclaims.dataset import load

    try:
        return load(data_path, while_checking=while_checking), ""
    except Exception as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        return None, first


def _version(data_path: Path) -> str:
    from warclaims.dataset import dataset_version

    try:
        return dataset_version(data_path)
    except Exception:
        return "unknown"


def facts_for(data_path: Path, root: Path, dataset, problem: str) -> SiteFacts:
    """What the footer says about this dataset and build."""
    descriptor = dataset.descriptor if dataset is not None else _descriptor(data_path)
    day, basis = build_date(root, data_path, latest_day(dataset) if dataset is not None else None)
    title = descriptor.get("title") if isinstance(descriptor.get("title"), str) else ""
    return SiteFacts(
        title=title.strip() or FALLBACK_TITLE, name=str(descriptor.get("name") or ""),
        description=str(descriptor.get("description") or ""), version=_version(data_path),
        data_as_of=latest_date(dataset) if dataset is not None else "", build_date=day, build_date_basis=basis,
        licences=licences(descriptor), loaded=dataset is not None, problem=problem,
        dataset_zip=f"{downloads.FOLDER}/{downloads.zip_name(descriptor)}" if dataset is not None else "",
        codebook=dataset is not None,
    )


def write_pages(facts: SiteFacts, dataset, out_dir: Path) -> None:
    """Write the codebook, the article pages and the sources page of a dataset that loaded (or of its
    :func:`site_subset`); each file only when its bytes change."""
    from warclaims.site.articles import write_articles
    from warclaims.site.codebook import write_codebook
    from warclaims.site.sources import write_sources

    write_codebook(facts, dataset, out_dir)
    pages = write_articles(facts, dataset, out_dir)
    write_sources(facts, dataset, pages, out_dir)


def site_subset(dataset):
    """``dataset`` with only what :func:`write_pages` reads of its claims (every other table whole): a
    million claims' 24 columns are a gigabyte in memory, the pages' 16 a third of it, and of the quotes they need
    only the lengths."""
    from warclaims.dataset import Dataset
    from warclaims.site import articles, sources

    tables = dict(dataset.tables)
    if "claims" in tables:
        claims = tables["claims"]
        wanted = dict.fromkeys(articles.CLAIM_COLUMNS + sources.CLAIM_COLUMNS)
        wanted.pop("quote")  # the pages need only its length (a hundred megabytes of text at a million claims)
        tables["claims"] = claims[[c for c in wanted if c in claims]].assign(quote_length=articles.quote_lengths(claims))
    return Dataset(dataset.data_dir, dataset.descriptor, tables, version=dataset.version, warnings=dataset.warnings)


def prepare(out_dir: Path, data_path: Path, root: Path) -> SiteFacts:
    """Write the site's own pages into ``out_dir`` in this process; return the facts every page's footer states."""
    dataset, problem = load_checked(data_path)
    facts = facts_for(data_path, root, dataset, problem)
    out_dir.mkdir(parents=True, exist_ok=True)
    if dataset is not None:
        downloads.write_dataset_zip(data_path, out_dir, dataset.descriptor, facts.build_date)
        write_pages(facts, dataset, out_dir)
    return facts


def page_parameters(declared: list[str], name: str) -> dict:
    """``{"site_page": name}`` when the notebook declares that parameter (``declared``), else nothing
    (papermill would only warn about an unknown one, but the page would carry it for no use)."""
    return {PAGE_PARAMETER: name} if PAGE_PARAMETER in declared else {}


def chrome_for_kernels(facts: SiteFacts) -> str:
    """The report pages' header and footer as the kernels get them (also what the build cache compares)."""
    return json.dumps(chrome.report_chrome(facts), sort_keys=True)


@contextlib.contextmanager
def shown_to_kernels(out_dir: Path, facts: SiteFacts):
    """While the reports run: where downloads go, and the report pages' header and footer."""
    saved = {key: os.environ.get(key) for key in (downloads.SITE_DIR_ENV, chrome.CHROME_ENV)}
    os.environ[downloads.SITE_DIR_ENV] = str(out_dir.resolve())
    os.environ[chrome.CHROME_ENV] = chrome_for_kernels(facts)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
