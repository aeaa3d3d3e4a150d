"""The report site ``warclaims build`` writes: article pages, sources, codebook, downloads, footer dates.

Most tests share one build of the fictional dataset of ``conftest.py`` (other war, other sides, a quote
with a ``<script>`` tag, a source titled with ``<b>``) with its default schedule, plus a second build
into another folder to compare bytes. Expected values come from the fixture's own tables and article
texts (conftest.ARTICLES, CLAIMS, EVENTS), not from the code under test.
"""
from __future__ import annotations

import csv
import html
import io
import re
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pandas as pd
import pytest

import warclaims
from conftest import ARTICLES, CLAIMS, EVENTS, SOURCES, write_other_dataset
from warclaims import build as build_package
from warclaims import paths
from warclaims.site import facts as site_facts
from warclaims.site.marks import Highlight, highlighted
from warclaims.text import words
from warclaims.text.reports import parameters_in_words

ROOT = Path(__file__).resolve().parents[1]
CLAIM_IDS = [row[0] for row in CLAIMS]
EVENT_IDS = [row[0] for row in EVENTS]
FIXED_EPOCH = "1700000000"  # 2023-11-14 UTC


# --------------------------------------------------------------------------- highlighting, unit


class _Tree(HTMLParser):
    """Checks that elements nest, and collects the text inside each anchored mark and its continuations."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self.inside: dict[str, str] = {}
        self.ids: list[str] = []
        self.labels = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        anchor = attrs.get("id") or attrs.get("data-of")
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        if "coded" in (attrs.get("class") or ""):
            self.labels += 1
        self.stack.append((tag, anchor if tag == "mark" else ("label" if tag == "span" else None)))

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data):
        if any(a == "label" for _, a in self.stack):
            return  # the label says what was coded; it is not part of the archived text
        self.text.append(data)
        for _, anchor in self.stack:
            if anchor and anchor != "label":
                self.inside[anchor] = self.inside.get(anchor, "") + data


def _parse(markup: str) -> _Tree:
    tree = _Tree()
    tree.feed(markup)
    tree.close()
    assert tree.stack == [], f"unclosed: {tree.stack}"
    return tree


def test_overlapping_crossing_and_identical_quotes_each_get_their_anchor():
    text = "One two three four five six\r\nseven <eight> & nine."
    quotes = {"a": "two three four", "b": "four five six\r\nseven", "c": "four five six\r\nseven",
              "d": "three", "e": "<eight> & nine."}
    spans = [Highlight(text.index(q), text.index(q) + len(q), f"claim-{k}", "claim", f"label {k}")
             for k, q in quotes.items()]
    tree = _parse(highlighted(text, spans))
    assert "".join(tree.text) == text, "the text is shown whole and unchanged, line break included"
    assert sorted(tree.ids) == [f"claim-{k}" for k in sorted(quotes)], "one anchor per quote, each once"
    for key, quote in quotes.items():
        assert tree.inside[f"claim-{key}"] == quote, key
    assert tree.labels == len(quotes)
    assert "<eight>" not in highlighted(text, spans), "text is escaped"


def test_quotes_side_by_side_are_marked_in_text_order_each_followed_by_its_label():
    text = "Aa 1 & 2bb 3."
    spans = [Highlight(8, 12, "claim-y", "claim", "y <3>"), Highlight(3, 8, "claim-x", "event", "x")]  # touching
    assert highlighted(text, spans) == (
        'Aa <mark id="claim-x" class="event">1 &amp; 2</mark><span class="coded event-label">x</span>'
        '<mark id="claim-y" class="claim">bb 3</mark><span class="coded claim-label">y &lt;3&gt;</span>.')


def test_a_quote_outside_the_text_is_left_out_not_crashed_on():
    tree = _parse(highlighted("short", [Highlight(3, 99, "claim-x", "claim", "x")]))
    assert "".join(tree.text) == "short" and tree.ids == []


# --------------------------------------------------------------------------- words, dates


@pytest.mark.parametrize("text, said", [
    ("2020-10-10", "10 October 2020"), ("2019-03", "March 2019"), ("1994", "1994"),
    ("2019-03-03T18:00+01:00", "3 March 2019 18:00 (UTC+01:00)"), ("soon", "soon"),
])
def test_long_dates(text, said):
    assert words.long_date(text) == said


def test_each_distinct_row_is_put_in_words_once_with_missing_values_as_none():
    frame = pd.DataFrame({"low": pd.array([5, None, 5, None], dtype="Int64"),
                          "term": pd.Series(["a", "b", "a", None], dtype="str")})
    calls = []

    def word(low, term, missing):
        calls.append((low, term, missing))
        return f"{low}/{term}/{missing}"

    codes, texts = words.each_distinct(frame, ["low", "term", "missing"], word)
    assert [texts[code] for code in codes] == ["5/a/", "None/b/", "5/a/", "None/None/"]
    assert len(calls) == 3, "the repeated row is worded once"
    codes, texts = words.each_distinct(frame.iloc[0:0], ["low"], word)
    assert len(codes) == 0 and texts == []


def test_parameters_in_words():
    assert parameters_in_words({"as_of": "2020-10-10"}) == "as of 10 October 2020"
    assert parameters_in_words({}).startswith("the defaults")
    said = parameters_in_words({"metrics": ["killed", "wounded"], "include_vague": False, "edition": "student"})
    assert said == "counting killed and wounded; vague figures left out; student edition"


def test_build_date_prefers_source_date_epoch(monkeypatch, tmp_path):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)
    assert site_facts.build_date(tmp_path, tmp_path) == ("2023-11-14", "SOURCE_DATE_EPOCH")


def test_build_date_is_the_last_commit_then_the_data_never_the_clock(monkeypatch, tmp_path):
    import datetime as dt

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    plain = tmp_path / "no-git"
    plain.mkdir()
    assert site_facts.build_date(plain, plain, dt.date(2019, 3, 15)) == ("2019-03-15", "latest date in the data")
    assert site_facts.build_date(plain, plain)[0] == "", "no date at all rather than today's"

    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "notebook.ipynb").write_text("{}")
    env = {"GIT_AUTHOR_DATE": "2021-05-06T07:08:09+00:00", "GIT_COMMITTER_DATE": "2021-05-06T07:08:09+00:00",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "x"]):
        subprocess.run(["git", "-C", str(repo), *command], check=True, env=env)
    assert site_facts.build_date(repo, plain, dt.date(2019, 3, 15)) == ("2021-05-06", "last commit")


# --------------------------------------------------------------------------- a built site


def _build(data: Path, out: Path) -> int:
    return build_package.build(paths.default_schedule(), out, root=ROOT, data_dir=str(data), jobs=2)


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """Two builds of the fictional dataset's default schedule, into two folders."""
    data = write_other_dataset(tmp_path_factory.mktemp("other") / "data")
    first, second = tmp_path_factory.mktemp("site-a"), tmp_path_factory.mktemp("site-b")
    codes = (_build(data, first), _build(data, second))
    assert codes == (0, 0), "the fixture site did not build"
    return {"data": data, "site": first, "twin": second}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.marks: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if attrs.get("id"):
            self.ids.add(attrs["id"])
            if tag == "mark":
                self.marks.add(attrs["id"])


def _links(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def _crawl(site: Path) -> tuple[set[Path], dict[Path, set[str]], list[str]]:
    """Every file reachable from index.html by relative links, the fragments linked per page, problems."""
    seen, fragments, problems, todo = set(), {}, [], [site / "index.html"]
    while todo:
        page = todo.pop()
        if page in seen:
            continue
        seen.add(page)
        if page.suffix != ".html":
            continue
        for href in _links(page).hrefs:
            parts = urlsplit(href)
            if parts.scheme in ("http", "https"):
                continue  # the licence's address: a link out, never fetched by the page
            assert not parts.scheme and not href.startswith("/"), f"{page.name}: non-relative link {href}"
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_relative_to(site.resolve()):
                problems.append(f"{page.name}: {href} leaves the site")
            elif not target.is_file():
                problems.append(f"{page.relative_to(site)}: {href} leads nowhere")
            else:
                todo.append(target)
                if parts.fragment:
                    fragments.setdefault(target, set()).add(parts.fragment)
    return seen, fragments, problems


def _article_text(page: Path) -> _Tree:
    """The archived text of an article page, parsed (only that part: the rest has void elements)."""
    body = page.read_text(encoding="utf-8").split('<div class="wc-article-text">', 1)[1].split("</div>", 1)[0]
    return _parse(body)


def _source_of(claim_or_event_id: str) -> str:
    row = next(r for r in CLAIMS + EVENTS if r[0] == claim_or_event_id)
    return row[2] if row in CLAIMS else row[8]


def test_every_page_and_download_is_reachable_from_the_index(sites):
    site = sites["site"].resolve()
    reached, fragments, problems = _crawl(site)
    assert problems == []
    written = {p.resolve() for p in site.rglob("*") if p.is_file() and "_build" not in p.parts
               and p.name != "build.log" and not p.name.startswith(".")}
    assert written - reached == set(), "pages or downloads nothing links to"
    assert {site / "sources.html", site / "codebook.html"} <= reached
    assert {site / "articles" / f"{s['source_id']}.html" for s in SOURCES} <= reached
    assert any(p.suffix == ".zip" for p in reached) and any(p.suffix == ".csv" for p in reached)
    for target, wanted in fragments.items():  # every #anchor linked to exists on its page
        assert wanted <= _links(target).ids, f"{target.name}: missing anchors {sorted(wanted - _links(target).ids)}"


def test_every_claim_and_event_is_highlighted_on_its_article_and_linked_from_a_page(sites):
    site = sites["site"].resolve()
    _, fragments, _ = _crawl(site)
    for item in CLAIM_IDS + EVENT_IDS:
        kind = "claim" if item in CLAIM_IDS else "event"
        page = site / "articles" / f"{_source_of(item)}.html"
        tree = _article_text(page)
        quote = next(r for r in CLAIMS + EVENTS if r[0] == item)[-3 if kind == "claim" else -1]
        assert tree.inside.get(f"{kind}-{item}") == quote, f"{item}: highlight is not its quote"
        assert f"{kind}-{item}" in fragments.get(page, set()), f"no page links to {item}'s sentence"


def test_article_pages_show_the_text_verbatim_and_escaped(sites):
    site = sites["site"]
    for source in SOURCES:
        path = site / "articles" / f"{source['source_id']}.html"
        page, tree = path.read_text(encoding="utf-8"), _article_text(path)
        assert "".join(tree.text) == ARTICLES[source["source_id"]], source["source_id"]
        assert "<script" not in page, "nothing from the data runs"
        assert html.escape(source["title"], quote=True) in page
        assert ("Outlet not named" in page) == (not source["outlet"])
    r3 = (site / "articles" / "r3.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#x27;not code&#x27;)&lt;/script&gt;" in r3 or "&lt;script&gt;" in r3
    assert re.search(r"<dt>sha256</dt><dd[^>]*>[0-9a-f]{64}</dd>", r3)


def test_sources_page_lists_every_source_with_its_counts(sites):
    page = (sites["site"] / "sources.html").read_text(encoding="utf-8")
    for source in SOURCES:
        row = page.split(f'<tr id="source-{source["source_id"]}">', 1)[1].split("</tr>", 1)[0]
        claims = sum(1 for r in CLAIMS if r[2] == source["source_id"])
        events = sum(1 for r in EVENTS if r[8] == source["source_id"])
        assert f'data-label="Claims">{claims}<' in row and f'data-label="Ceasefire events">{events}<' in row
        assert f'href="articles/{source["source_id"]}.html"' in row
        assert (source["outlet"] or "Outlet not named") in row


def test_csv_downloads_parse_and_quote_the_archived_texts_verbatim(sites):
    site = sites["site"]
    csvs = sorted((site / "downloads").glob("*.csv"))
    assert {p.name.split(".")[0] for p in csvs} == {"casualty_claims", "ceasefires"}
    for path in csvs:
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        assert rows, path.name
        for row in rows:
            text = ARTICLES[row["source_id"]]
            start = int(row["quote_start"])
            assert text[start:start + len(row["quote"])] == row["quote"], f"{path.name}: {row}"
    figures = list(csv.DictReader((site / "downloads" / "casualty_claims.figures.csv").open(encoding="utf-8")))
    assert {"figure_id", "claim_id", "claimant", "subject_side", "value_low", "value_best", "value_high", "qualifier",
            "vague_term", "as_of", "as_of_basis", "status"} <= set(figures[0])
    k01 = next(r for r in figures if r["claim_id"] == "k01")
    assert (k01["value_best"], k01["as_of"], k01["claimant"]) == ("12", "2019-03-04", "ruritania_mod")


def test_the_dataset_zip_unpacks_into_a_dataset_that_validates(sites, tmp_path):
    (archive,) = (sites["site"] / "downloads").glob("*.zip")
    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
        assert names == sorted(names)
        opened.extractall(tmp_path)
    (folder,) = [p for p in tmp_path.iterdir() if p.is_dir()]
    dataset = warclaims.load(folder)
    assert sorted(dataset.claims["claim_id"]) == sorted(CLAIM_IDS)
    done = subprocess.run([sys.executable, "-m", "warclaims.cli", "validate", str(folder)], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0 and done.stdout.startswith("valid:"), done.stdout + done.stderr


def test_two_builds_are_byte_identical_and_state_the_same_dates(sites):
    site, twin = sites["site"], sites["twin"]
    files = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file() and "_build" not in p.parts
                   and p.name != "build.log")
    assert files == sorted(p.relative_to(twin) for p in twin.rglob("*") if p.is_file() and "_build" not in p.parts
                           and p.name != "build.log")
    for name in files:
        assert (site / name).read_bytes() == (twin / name).read_bytes(), f"{name} differs between two builds"
    footer = re.search(r"<dt>Data as of</dt><dd>([^<]*)</dd>\s*<dt>Built</dt><dd>([^<]*)</dd>",
                       (site / "ceasefires.html").read_text(encoding="utf-8"))
    assert footer, "the report page has the site's footer"
    assert footer.group(1).startswith("15 March 2019"), "the latest date in the fixture data"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", footer.group(2)), footer.group(2)


def test_pages_carry_the_header_footer_citation_and_no_machine_path(sites):
    site = sites["site"]
    for page in [*site.glob("*.html"), *site.glob("articles/*.html")]:
        text = page.read_text(encoding="utf-8")
        assert "Claims made in the Ruritania-Kravonia war (fictional)" in text.split("</header>")[0], page.name
        assert "How to cite" in text and "CC-BY-4.0" in text.split("<footer")[1], page.name
        assert str(sites["data"]) not in text and str(site) not in text, f"{page.name} has an absolute path"
        for word in ("Armenia", "Azerbaijan", "Karabakh"):
            assert word not in text, f"{page.name} names the bundled war"
    casualty = (site / "casualty_claims.html").read_text(encoding="utf-8")
    assert "Casualty claims in the Ruritania-Kravonia war (fictional), latest figures" in casualty
    assert 'href="index.html"' in casualty


def test_the_index_says_what_each_report_shows_in_words(sites):
    index = (sites["site"] / "index.html").read_text(encoding="utf-8")
    assert "the defaults: the latest data, nothing left out" in index
    assert "parameters = " not in index and "{}" not in index
    assert 'href="sources.html"' in index and 'href="codebook.html"' in index
    assert re.search(r'href="downloads/casualty_claims\.figures\.csv"', index)
    codebook = (sites["site"] / "codebook.html").read_text(encoding="utf-8")
    assert "no README.md" in codebook and "quote_start" in codebook, "a dataset without README: its descriptor"


def test_the_readme_shows_the_pictures_docs_img_holds():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = set(re.findall(r"!\[[^\]]+\]\((docs/img/[^)]+)\)", readme))
    held = {p.relative_to(ROOT).as_posix() for p in (ROOT / "docs" / "img").glob("*.png")}
    assert shown and shown == held, f"shown but missing: {shown - held}; held but not shown: {held - shown}"


def test_a_download_holds_the_datasets_own_rows_each_once_in_the_order_asked(other_dataset):

    from warclaims.site import downloads

    dataset = warclaims.load(other_dataset)
    claims = dataset.claims
    last, first = claims["claim_id"].iloc[-1], claims["claim_id"].iloc[0]
    asked = pd.DataFrame({"claim_id": [last, first, last, "no-such-claim"], "display": ["x"] * 4})
    rows = downloads.rows_behind(dataset, asked)
    header = (other_dataset / "claims.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert list(rows.columns) == header, "the columns the file has, in its order"
    assert list(rows["claim_id"]) == [last, first]
    mine = claims.set_index("claim_id")
    assert list(rows["as_of"]) == [mine.at[last, "as_of_text"], mine.at[first, "as_of_text"]], "dates as written"
    assert list(rows["quote"]) == [mine.at[last, "quote"], mine.at[first, "quote"]]
    again = downloads.rows_behind(dataset, pd.DataFrame({"claim_id": [first, last]}))  # its ids found once, kept
    assert list(again["claim_id"]) == [first, last]


def _offered(dataset, rows, site: Path, monkeypatch, table: str = "claims") -> bytes:
    from warclaims.site import downloads

    site.mkdir()
    monkeypatch.setenv(downloads.SITE_DIR_ENV, str(site))
    monkeypatch.setattr(downloads, "_page", None)  # begin sets it: undone after the test
    assert downloads.begin("page")
    link = downloads.offer(dataset, rows, "rows", table=table)
    return (site / link.href).read_bytes()


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_a_download_copies_the_files_own_records_byte_for_byte(tmp_path, monkeypatch, line_end):
    """Quoted line breaks, a blank line between records and a last record without a line end: the CSV is
    the header and the records asked for, each exactly as the file writes it."""

    root = write_other_dataset(tmp_path / "data")
    path = root / "claims.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    quote = header.index("notes")
    rows[0][quote] = "a note\nover two lines, with \"quotes\""
    records = []
    for row in rows:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator=line_end).writerow(row)
        records.append(buffer.getvalue())
    head = io.StringIO()
    csv.writer(head, lineterminator=line_end).writerow(header)
    # a blank line after the second record, and the last record without its line end
    path.write_bytes((head.getvalue() + records[0] + records[1] + line_end + "".join(records[2:]).removesuffix(line_end))
                     .encode("utf-8"))
    dataset = warclaims.load(root)
    ids = [rows[-1][0], rows[0][0], rows[1][0]]
    written = _offered(dataset, pd.DataFrame({"claim_id": ids}), tmp_path / "site", monkeypatch).decode("utf-8")
    unended = records[-1].removesuffix(line_end) + "\n"  # it gets a line end, being followed by others
    assert written == head.getvalue() + unended + records[0] + records[1]


def test_a_download_of_a_file_changed_since_it_was_validated_writes_the_validated_rows(tmp_path, monkeypatch):

    root = write_other_dataset(tmp_path / "data")
    dataset = warclaims.load(root)
    path = root / "claims.csv"
    changed = path.read_text(encoding="utf-8").replace(dataset.claims["quote"].iloc[0], "words no one said")
    path.write_text(changed, encoding="utf-8")
    first = dataset.claims["claim_id"].iloc[0]
    written = _offered(dataset, pd.DataFrame({"claim_id": [first]}), tmp_path / "site", monkeypatch).decode("utf-8")
    (row,) = list(csv.DictReader(io.StringIO(written, newline="")))
    assert row["claim_id"] == first and row["quote"] == dataset.claims["quote"].iloc[0]
    assert "words no one said" not in written


def test_an_article_labels_each_coded_item_in_words_with_its_id_last(tmp_path):
    from warclaims.site import articles

    dataset = warclaims.load(write_other_dataset(tmp_path / "data"))
    names = articles.Names(dataset)
    labels = articles.claim_labels(dataset.claims, names)
    for label, claim_id, metric in zip(labels, dataset.claims["claim_id"], dataset.claims["metric"]):
        assert label.endswith(f" · claim {claim_id}") and not label.startswith(claim_id)
        assert label.startswith(names.metrics[metric])
    event = next(dataset.ceasefire_events.itertuples(index=False))
    label = articles.event_label(event, names)
    assert label.endswith(f" · event {event.event_id}") and "_" not in label.split(" · ")[0]
