"""Write a large, valid, synthetic warclaims dataset for benchmarks.

    python benchmarks/make_synthetic.py OUT_DIR --claims 1000000 [--seed 0]

The dataset follows the same contract as the bundled ``data/``: its ``datapackage.json`` is a copy of
the bundled descriptor (only the name, title, description and subject change), and its vocabularies (camps,
sides, metrics, vague terms, places, actors) are copies of the bundled tables, so the synthetic claims
use the same claimants, sides and metrics as the real ones. What is synthetic:

* a long war (2017-2021, every date in the past) with statements on most days;
* a few hundred archived "articles", each a digest of many sentences; every claim and every ceasefire
  event quotes exactly one sentence, verbatim, at its ``quote_start`` (counted in Unicode characters:
  some lines carry curly apostrophes and dashes so byte and character offsets differ);
* running totals that grow with time, every qualifier (``vague`` with the vague-term ranges and no
  ``value_best``, ``undisclosed`` with no values), some figures repeated across sources under one
  ``figure_id``, some correction chains (``supersedes``);
* ceasefires whose agreed / effective / ended dates are each backed by an event, in order, with
  violations and accusations in between.

Everything is drawn from one ``numpy.random.Generator`` seeded by ``--seed``, and the work is done on
whole arrays, so a million claims are written in seconds and the same seed gives the same bytes.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "data"
#: Tables copied unchanged from the bundled dataset: the vocabularies.
VOCABULARIES = ("camps", "sides", "metrics", "vague_terms", "places", "actors")
WAR_START = np.datetime64("2017-01-01")
WAR_DAYS = 5 * 365 + 1  # 2017-01-01 .. 2021-12-31, inclusive
#: Fillers put before some quoted sentences; several hold non-ASCII characters on purpose.
FILLERS = (
    "", "", "", "",
    "Fighting continued along the front line. ",
    "Shelling was reported overnight. ",
    "Officials in Stepanakert’s administration declined to comment further. ",
    "The figures could not be independently verified — neither side allows journalists near the front. ",
    "Rescue teams were still searching the rubble. ",
    "In a statement on its website, ",
    "Speaking to reporters, ",
    "According to the latest update, ",
)
OUTLETS = ("Caucasus Wire", "Regional Daily", "Front Line Monitor", "The Evening Ledger", "Çavuş News Agency")
AUTHORS = ("A. Petrosyan", "L. Mammadova", "J. Smith", "M. Dubois", "E. Öztürk")


def _pick(rng: np.random.Generator, values, probabilities, size: int) -> np.ndarray:
    """Draw ``size`` values from ``values`` with the given (normalised) probabilities."""
    p = np.asarray(probabilities, dtype=float)
    return np.asarray(values, dtype=object)[rng.choice(len(values), size=size, p=p / p.sum())]


def _day_text(days: np.ndarray, unit: str = "D") -> np.ndarray:
    """Days since WAR_START as ISO text at day ('D') or month ('M') precision."""
    return np.datetime_as_string((WAR_START + days.astype("timedelta64[D]")).astype(f"datetime64[{unit}]"))


def _join(*parts) -> np.ndarray:
    """Element-wise string concatenation of arrays (or scalars) of str."""
    out = np.asarray(parts[0], dtype=object)
    for part in parts[1:]:
        out = out + np.asarray(part, dtype=object)
    return out


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(TEMPLATE / f"{name}.csv", dtype=str, keep_default_na=False)


class _Builder:
    def __init__(self, n_claims: int, seed: int):
        self.n = n_claims
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.descriptor = json.loads((TEMPLATE / "datapackage.json").read_text(encoding="utf-8"))
        self.tz = self.descriptor.get("warclaims:timezone", "+00:00")
        self.vocab = {name: _read(name) for name in VOCABULARIES}
        fields = {r["name"]: {f["name"]: f for f in r["schema"]["fields"]} for r in self.descriptor["resources"]}
        self.enum = lambda table, column: list(fields[table][column].get("constraints", {}).get("enum", []))
        actors = self.vocab["actors"]
        camp = actors["side"].map(self.vocab["sides"].set_index("side_id")["camp"])
        belligerent_camps = set(self.vocab["camps"].loc[self.vocab["camps"]["belligerent"].str.lower() == "true", "camp_id"])
        self.actor_name = dict(zip(actors["actor_id"], actors["name"]))
        self.belligerents = actors.loc[camp.isin(belligerent_camps), "actor_id"].to_numpy(dtype=object)
        self.belligerent_camp = camp[camp.isin(belligerent_camps)].to_numpy(dtype=object)
        self.third_parties = actors.loc[~camp.isin(belligerent_camps), "actor_id"].to_numpy(dtype=object)
        side_names = dict(zip(self.vocab["sides"]["side_id"], self.vocab["sides"]["name"]))
        # Whose losses a figure counts: the belligerents' sides, then the two values the contract adds.
        sides = self.vocab["sides"]
        self.subject_sides = [*sides.loc[sides["camp"].isin(belligerent_camps), "side_id"], "both", "unknown"]
        self.side_name = {s: side_names.get(s, {"both": "both sides", "unknown": "an unnamed side"}.get(s, s))
                          for s in self.subject_sides}

    # -- sources -----------------------------------------------------------------------------------
    def sources(self) -> None:
        rng = self.rng
        self.n_sources = n = int(np.clip(round(np.sqrt(self.n) / 2.5), 8, 400))
        # Publication days: sorted, the last on the war's last day so every statement has a later source.
        days = np.sort(rng.integers(20, WAR_DAYS - 1, size=n))
        days[-1] = WAR_DAYS - 1
        self.pub_day = days
        month = rng.random(n) < 0.05
        basis = np.where(month | (rng.random(n) < 0.2), "inferred", "stated")
        ids = np.array([f"s{i:04d}" for i in range(n)], dtype=object)
        self.source_ids = ids
        published = np.where(month, _day_text(days, "M"), _day_text(days))
        self.sources_frame = pd.DataFrame({
            "source_id": ids,
            "title": [f"Daily digest {i + 1}: claims from the front, {d}" for i, d in enumerate(_day_text(days))],
            "outlet": np.where(rng.random(n) < 0.4, "", _pick(rng, OUTLETS, [1] * len(OUTLETS), n)),
            "author": np.where(rng.random(n) < 0.6, "", _pick(rng, AUTHORS, [1] * len(AUTHORS), n)),
            "published": published,
            "published_precision": np.where(month, "month", "day"),
            "published_basis": basis,
            "published_note": np.where(basis == "inferred", "Not stated in the text; the latest date it reports is used.", ""),
            "source_type": _pick(rng, ["news", "wire", "aggregator", "statement", "opinion", "other"],
                                 [40, 25, 15, 10, 5, 5], n),
            "reported_via": np.where(rng.random(n) < 0.7, "", "AP|Reuters"),
            "url": np.where(rng.random(n) < 0.5, "", _join("https://example.org/digest/", ids)),
            "text_file": _join("articles/", ids, ".txt"),
            "sha256": "",
            "notes": "Synthetic benchmark text.",
        })

    def source_after(self, days: np.ndarray, latest: int | None = None) -> np.ndarray:
        """A source published on or after each day (usually the next one, sometimes a few later)."""
        first = np.searchsorted(self.pub_day, days, side="left")
        lag = np.minimum(self.rng.geometric(0.6, size=len(days)) - 1, 3)
        return np.minimum(first + lag, (self.n_sources - 1) if latest is None else latest)

    # -- claims ------------------------------------------------------------------------------------
    def claims(self) -> None:
        rng, n = self.rng, self.n
        # Figures, each reported by 1-3 sources; trim the repeats so there are exactly n rows.
        repeats = rng.choice([1, 2, 3], size=n, p=[0.88, 0.09, 0.03])
        total = np.cumsum(repeats)
        n_fig = int(np.searchsorted(total, n) + 1)
        repeats = repeats[:n_fig].copy()
        repeats[-1] -= int(total[n_fig - 1] - n)
        f = n_fig

        subject_sides = self.subject_sides
        side_weights = [4 if s in self.vocab["sides"]["side_id"].to_numpy() else 1 for s in subject_sides]
        side = _pick(rng, subject_sides, side_weights, f)
        metrics = self.vocab["metrics"]
        metric_weight = metrics["kind"].map({"casualty": 6.0, "displacement": 2.0, "property": 1.0}).fillna(1.0)
        metric_index = rng.choice(len(metrics), size=f, p=(metric_weight / metric_weight.sum()).to_numpy())
        metric = metrics["metric_id"].to_numpy(dtype=object)[metric_index]
        is_property = (metrics["kind"].to_numpy(dtype=object)[metric_index] == "property")
        population = np.where(is_property, "property",
                              _pick(rng, ["military", "civilian", "all"], [5, 4, 1], f))
        # Claimants: mostly a belligerent speaking about its own or the other camp, sometimes a third party.
        claimant = np.where(rng.random(f) < 0.85, _pick(rng, self.belligerents, [1] * len(self.belligerents), f),
                            _pick(rng, self.third_parties, [1] * len(self.third_parties), f))
        day = rng.integers(0, WAR_DAYS, size=f)
        cumulative = rng.random(f) < 0.9
        qualifier = _pick(rng, ["exact", "approx", "at_least", "at_most", "vague", "undisclosed"],
                          [50, 15, 12, 5, 10, 8], f)
        precision = _pick(rng, ["day", "hour", "minute", "month"], [85, 5, 3, 7], f)
        basis = np.where(rng.random(f) < 0.2, "inferred", "stated")

        # Correction chains: 2-4 single-source figures counting the same thing, each superseding the one before.
        single = np.flatnonzero(repeats == 1)
        lengths = rng.integers(2, 5, size=max(1, int(0.02 * f / 3)))
        lengths = lengths[np.cumsum(lengths) <= len(single)]
        members = rng.choice(single, size=int(lengths.sum()), replace=False)
        chain = np.repeat(np.arange(len(lengths)), lengths)
        members = members[np.lexsort((day[members], chain))]  # by chain, then by date
        heads = members[np.r_[0, np.cumsum(lengths)[:-1]]] if len(lengths) else members[:0]
        head_of = np.repeat(heads, lengths)
        for column in (side, metric, population, claimant, cumulative):
            column[members] = column[head_of]
        is_property = population == "property"
        precision[members] = "day"  # same precision, so a later date is never an earlier interval start
        supersedes_fig = np.full(f, -1)
        later = np.ones(len(members), dtype=bool)
        later[np.r_[0, np.cumsum(lengths)[:-1]] if len(lengths) else []] = False
        supersedes_fig[members[later]] = members[np.flatnonzero(later) - 1]
        # Repeated figures must leave room for 2 more sources published after them.
        day = np.where(repeats > 1, np.minimum(day, self.pub_day[-4]), day)

        # Values: running totals grow with the day; daily (non-cumulative) figures stay small.
        rate = rng.lognormal(np.where(is_property, -1.0, 0.0), 0.8, size=f)
        value = np.where(cumulative, rate * (day + 1), rate * rng.uniform(0.5, 3.0, size=f))
        value = np.maximum(1, np.rint(value * rng.lognormal(0, 0.15, size=f))).astype(np.int64)
        empty = np.array("", dtype=object)
        text = value.astype(str).astype(object)
        terms = self.vocab["vague_terms"]
        vague_index = rng.integers(0, len(terms), size=f)
        vague_term = np.where(qualifier == "vague", terms["term"].to_numpy(dtype=object)[vague_index], "")
        term_low = terms["low"].to_numpy(dtype=object)[vague_index]
        term_high = terms["high"].to_numpy(dtype=object)[vague_index]
        low = np.select([qualifier == q for q in ("exact", "at_least", "vague")], [text, text, term_low], empty)
        best = np.select([qualifier == q for q in ("exact", "approx", "at_least", "at_most")], [text] * 4, empty)
        high = np.select([qualifier == q for q in ("exact", "at_most", "vague")], [text, text, term_high], empty)

        minute = rng.integers(0, 24 * 60, size=f)
        hh = np.char.zfill((minute // 60).astype(str), 2).astype(object)
        mm = np.where(precision == "hour", "00", np.char.zfill((minute % 60).astype(str), 2).astype(object))
        as_of = np.where(precision == "month", _day_text(day, "M"), _day_text(day)).astype(object)
        timed = (precision == "hour") | (precision == "minute")
        as_of = np.where(timed, _join(as_of, "T", hh, ":", mm, self.tz), as_of)

        # The quoted sentence, built from the figure's own fields.
        who = pd.Series(claimant).map(self.actor_name).to_numpy(dtype=object)
        names = dict(zip(metrics["metric_id"], metrics["name"].str.lower()))
        what = pd.Series(metric).map(names).to_numpy(dtype=object)
        whose = pd.Series(side).map(self.side_name).to_numpy(dtype=object)
        count = pd.Series(population).map({"military": "military count", "civilian": "civilian count",
                                           "all": "overall count"}).fillna("count").to_numpy(dtype=object)
        lead = {"approx": "about ", "at_least": "more than ", "at_most": "up to "}
        amount = [term if q == "vague" else lead.get(q, "") + t for q, t, term in zip(qualifier, text, vague_term)]
        when = [f" as of {d}" if b == "stated" else "" for b, d in zip(basis, as_of)]
        sentence = np.array([
            f"{w} has not disclosed the {c} of {m} for {s}{t}." if q == "undisclosed" else f"{w} put the {c} of {m} for {s} at {a}{t}."
            for w, c, m, s, a, t, q in zip(who, count, what, whose, amount, when, qualifier)], dtype=object)

        # One row per (figure, source).
        fig = np.repeat(np.arange(f), repeats)
        k = np.arange(n) - np.repeat(np.cumsum(repeats) - repeats, repeats)  # 0 for a figure's first source
        first = self.source_after(day, latest=None)
        first = np.where(repeats > 1, np.minimum(first, self.n_sources - 3), first)
        source = first[fig] + k
        status = _pick(rng, ["reported", "unverified", "disputed", "retracted"], [85, 7, 5, 3], n)
        self.claim_rows = pd.DataFrame({
            "fig": fig, "source": source,
            "figure_id": np.array([f"f{i:07d}" for i in range(f)], dtype=object)[fig],
            "source_id": self.source_ids[source],
            "claimant": claimant[fig], "subject_side": side[fig], "metric": metric[fig],
            "population": population[fig], "value_low": low[fig], "value_best": best[fig],
            "value_high": high[fig], "qualifier": qualifier[fig], "vague_term": vague_term[fig],
            "as_of": as_of[fig], "as_of_precision": precision[fig], "as_of_basis": basis[fig],
            "as_of_note": np.where(basis[fig] == "inferred", "The sentence gives no date; inferred from the digest's context.", ""),
            "cumulative": np.where(cumulative[fig], "true", "false"),
            "quote": sentence[fig], "status": status, "supersedes_fig": supersedes_fig[fig],
        })

    # -- ceasefires --------------------------------------------------------------------------------
    def ceasefires(self) -> None:
        rng = self.rng
        c = int(np.clip(round(self.n / 20000), 5, 100))
        agreed = np.sort(rng.choice(np.arange(30, WAR_DAYS - 200), size=c, replace=False))
        ends = agreed + 1 + rng.geometric(1 / 20, size=c)
        ends = np.minimum(ends, WAR_DAYS - 1)
        ongoing = np.zeros(c, dtype=bool)
        ongoing[-1] = True  # the last one has not ended in the data
        eff_kind = _pick(rng, ["hour", "day", "none"], [70, 15, 15], c)
        eff_day = agreed + (rng.random(c) < 0.3)
        agreed_text = _day_text(agreed).astype(object)
        eff_text = np.select([eff_kind == "hour", eff_kind == "day"],
                             [_join(_day_text(eff_day), "T12:00", self.tz), _day_text(eff_day)], "")
        end_text = np.where(ongoing, "", _day_text(ends))
        end_bound = np.where(ongoing, "", _pick(rng, ["on", "not_after"], [7, 3], c))
        ids = np.array([f"cf{i:03d}" for i in range(c)], dtype=object)
        kinds = self.enum("ceasefires", "kind")
        names = [f"Ceasefire {i + 1} of {d}" for i, d in enumerate(agreed_text)]

        # Events: agreed, effective, ended (each backing its ceasefires.csv date), violations in between.
        events = []
        per = max(2, int(self.n / 200 / c))
        for i in range(c):
            start = eff_day[i] if eff_kind[i] != "none" else agreed[i]
            last = min(agreed[i] + 180, WAR_DAYS - 1) if ongoing[i] else ends[i]
            def add(kind, day, text, precision, bound="on", claimant="", accused=""):
                events.append((ids[i], kind, day, text, precision, bound, claimant, accused))
            if rng.random() < 0.3:
                add("proposed", agreed[i] - 1, _day_text(np.array([agreed[i] - 1]))[0], "day", "not_after",
                    rng.choice(self.third_parties))
            add("agreed", agreed[i], agreed_text[i], "day")
            if eff_kind[i] != "none":
                add("effective", eff_day[i], eff_text[i], eff_kind[i])
            k = int(rng.integers(1, 2 * per))
            v_days = rng.integers(start, last + 1, size=k)
            v_kind = _pick(rng, ["violation_reported", "accusation"], [6, 4], k)
            who = rng.integers(0, len(self.belligerents), size=k)
            for day, kind, w in zip(v_days, v_kind, who):
                enemies = self.belligerents[self.belligerent_camp != self.belligerent_camp[w]]
                add(kind, day, _day_text(np.array([day]))[0], "day", "on" if rng.random() < 0.8 else "not_after",
                    self.belligerents[w], rng.choice(enemies))
            if not ongoing[i]:
                add("ended", ends[i], end_text[i], "day", end_bound[i])
        ev = pd.DataFrame(events, columns=["ceasefire_id", "event", "day", "at", "precision", "bound", "claimant", "accused"])
        ev["source"] = self.source_after(ev["day"].to_numpy())
        names_of = dict(zip(ids, names))
        label = ev["ceasefire_id"].map(names_of).astype(object)
        claimant = ev["claimant"].map(lambda a: self.actor_name.get(a, "The parties")).astype(object)
        accused = ev["accused"].map(lambda a: self.actor_name.get(a, "")).astype(object)
        at = ev["at"].astype(object)
        phrases = {
            "proposed": _join(claimant, " proposed a truce (", label, ") by ", at, "."),
            "agreed": _join("The parties agreed to the ", label.str.lower(), " on ", at, "."),
            "effective": _join("The ", label.str.lower(), " took effect at ", at, "."),
            "violation_reported": _join(claimant, " reported a breach of the ", label.str.lower(), " by ", accused, " on ", at, "."),
            "accusation": _join(claimant, " accused ", accused, " of violating the ", label.str.lower(), " on ", at, "."),
            "ended": _join("The ", label.str.lower(), " had collapsed by ", at, "."),
        }
        ev["quote"] = np.select([ev["event"] == k for k in phrases], [np.asarray(v) for v in phrases.values()], "")
        ev["event_id"] = [f"e{i:06d}" for i in range(len(ev))]
        ev["source_id"] = self.source_ids[ev["source"].to_numpy()]
        self.event_rows = ev
        source_ids = ev.groupby("ceasefire_id")["source_id"].agg(lambda s: "|".join(sorted(set(s))))
        brokers = ["|".join(sorted(set(rng.choice(self.third_parties, size=int(rng.integers(0, 3)))))) for _ in range(c)]
        places = self.vocab["places"]
        venues = places.loc[places["kind"] == "city", "name"].to_numpy(dtype=object)
        self.ceasefires_frame = pd.DataFrame({
            "ceasefire_id": ids, "name": names,
            "kind": _pick(rng, kinds, [1] * len(kinds), c),
            "purpose": np.where(rng.random(c) < 0.5, "", "Exchange prisoners and the bodies of the dead."),
            "brokers": brokers,
            "venue": np.where(rng.random(c) < 0.5, "", _pick(rng, venues, [1] * len(venues), c)) if len(venues) else "",
            "agreed_at": agreed_text, "agreed_precision": "day",
            "effective_at": eff_text, "effective_precision": np.where(eff_kind == "none", "", eff_kind),
            "ended_at": end_text, "ended_precision": np.where(ongoing, "", "day"), "ended_bound": end_bound,
            "end_type": np.where(ongoing, "held", _pick(rng, ["collapsed", "superseded", "unknown"], [7, 2, 1], c)),
            "source_ids": source_ids.reindex(ids).fillna("").to_numpy(),
            "notes": "",
        })

    # -- texts and offsets -------------------------------------------------------------------------
    def articles(self, out: Path) -> None:
        """Lay every quoted sentence into its source's text and record where it starts."""
        rng = self.rng
        claims, events = self.claim_rows, self.event_rows
        quotes = np.concatenate([claims["quote"].to_numpy(dtype=object), events["quote"].to_numpy(dtype=object)])
        source = np.concatenate([claims["source"].to_numpy(), events["source"].to_numpy()])
        filler = np.asarray(FILLERS, dtype=object)[rng.integers(0, len(FILLERS), size=len(quotes))]
        order = np.lexsort((rng.random(len(quotes)), source))  # by source, then shuffled within it
        titles = self.sources_frame["title"].to_numpy(dtype=object)
        headers = _join(titles, "\n\n")
        header_len = np.fromiter(map(len, headers), dtype=np.int64, count=len(headers))
        prefix_len = np.fromiter(map(len, filler), dtype=np.int64, count=len(filler))
        quote_len = np.fromiter(map(len, quotes), dtype=np.int64, count=len(quotes))
        line_len = (prefix_len + quote_len + 1)[order]  # +1: each sentence ends its line
        src_sorted = source[order]
        before = np.cumsum(line_len) - line_len  # characters before each line, over all sources
        group_start = np.searchsorted(src_sorted, src_sorted, side="left")
        start = np.empty(len(quotes), dtype=np.int64)
        start[order] = header_len[src_sorted] + before - before[group_start] + prefix_len[order]
        lines = (filler + quotes + "\n")[order]
        bounds = np.searchsorted(src_sorted, np.arange(self.n_sources + 1), side="left")
        (out / "articles").mkdir(parents=True)
        digests = []
        for i, text_file in enumerate(self.sources_frame["text_file"]):
            data = (headers[i] + "".join(lines[bounds[i]:bounds[i + 1]])).encode("utf-8")
            (out / text_file).write_bytes(data)
            digests.append(hashlib.sha256(data).hexdigest())
        self.sources_frame["sha256"] = digests
        claims["quote_start"] = start[: len(claims)]
        events["quote_start"] = start[len(claims):]
        # Rows in reading order (source, then place in the text); ids follow that order.
        self.claim_order = np.lexsort((claims["quote_start"].to_numpy(), claims["source"].to_numpy()))

    def write(self, out: Path) -> None:
        out.mkdir(parents=True)
        self.sources()
        self.claims()
        self.ceasefires()
        self.articles(out)
        claims = self.claim_rows.iloc[self.claim_order].reset_index(drop=True)
        claims.insert(0, "claim_id", np.array([f"c{i:07d}" for i in range(len(claims))], dtype=object))
        row_of_fig = np.full(int(claims["fig"].max()) + 2, -1)
        chained = claims["supersedes_fig"].to_numpy() >= 0
        # A superseded figure comes from one source only, so it is exactly one row.
        row_of_fig[claims["fig"].to_numpy()] = np.arange(len(claims))
        target = row_of_fig[claims["supersedes_fig"].to_numpy()[chained]]
        claims["supersedes"] = ""
        claims.loc[chained, "supersedes"] = claims["claim_id"].to_numpy()[target]
        claims["notes"] = ""
        columns = {r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in self.descriptor["resources"]}
        self._csv(out, "claims", claims[columns["claims"]])
        events = self.event_rows.sort_values("event_id")
        events["notes"] = ""
        self._csv(out, "ceasefire_events", events[columns["ceasefire_events"]])
        self._csv(out, "ceasefires", self.ceasefires_frame[columns["ceasefires"]])
        self._csv(out, "sources", self.sources_frame[columns["sources"]])
        for name in VOCABULARIES:
            shutil.copyfile(TEMPLATE / f"{name}.csv", out / f"{name}.csv")
        descriptor = dict(self.descriptor)
        descriptor["name"] = f"warclaims-synthetic-{self.n}-seed{self.seed}"
        descriptor["title"] = f"Synthetic benchmark dataset: {self.n:,} claims (seed {self.seed})"
        # The pages' headings name the subject: not the bundled war, whose dates these are not.
        descriptor["warclaims:subject"] = "a synthetic war (benchmark data, not real)"
        descriptor["description"] = ("Synthetic claims for benchmarks, written by benchmarks/make_synthetic.py; "
                                     "the vocabularies are copies of the bundled dataset's. Not real data.")
        (out / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    @staticmethod
    def _csv(out: Path, name: str, frame: pd.DataFrame) -> None:
        """Write ``frame`` exactly as csv.writer would (minimal quoting, ``\\n`` line ends), but faster.

        csv.writer and DataFrame.to_csv take 10-15 s on a million rows of long, partly non-ASCII quotes;
        quoting only the fields that need it and joining plain lists takes a few seconds.
        """
        columns = []
        for column in frame.columns:
            values = frame[column].astype(str).tolist()
            joined = "\0".join(values)
            if any(special in joined for special in (",", '"', "\n", "\r")):  # else no field needs quotes
                values = [f'"{v.replace(chr(34), chr(34) * 2)}"' if ("," in v or '"' in v or "\n" in v or "\r" in v)
                          else v for v in values]
            columns.append(values)
        lines = [",".join(row) for row in zip(*columns)]
        text = ",".join(frame.columns) + "\n" + "\n".join(lines) + ("\n" if lines else "")
        (out / f"{name}.csv").write_text(text, encoding="utf-8", newline="")


def make_synthetic(out_dir: str | Path, n_claims: int, seed: int = 0) -> Path:
    """Write a synthetic dataset of ``n_claims`` claims to ``out_dir`` (which must not exist) and return it."""
    if n_claims < 100:
        raise ValueError("--claims must be at least 100")
    out = Path(out_dir)
    if out.exists():
        raise FileExistsError(f"{out} exists; remove it or choose another folder")
    _Builder(n_claims, seed).write(out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="folder to create (must not exist)")
    parser.add_argument("--claims", type=int, required=True, help="number of claim rows (at least 100)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random generator (default 0)")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    try:
        make_synthetic(args.out_dir, args.claims, args.seed)
    except (ValueError, FileExistsError) as error:
        print(f"make_synthetic: {error}", file=sys.stderr)
        return 2
    print(f"wrote {args.claims} claims to {args.out_dir} in {time.perf_counter() - began:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
