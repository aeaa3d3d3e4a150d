"""Correction chains: claims that supersede others, followed back to the original, on whole arrays."""
from __future__ import annotations

import numpy as np
import pandas as pd

from warclaims.text import words


CHAIN_COLUMNS = ["chain", "claim_id", "figure_id", "source_id", "claimant", "as_of_text", "value_low", "value_best",
                  "value_high", "qualifier", "display", "quote", "supersedes", "superseded_by", "current"]


def build_revision_table(claims: pd.DataFrame) -> pd.DataFrame:
    claims = claims.drop_duplicates("claim_id").reset_index(drop=True)
    supersedes = claims["supersedes"].fillna("")
    position = pd.Index(claims["claim_id"])
    parent = position.get_indexer(supersedes.where(supersedes != "", None))
    linked = parent >= 0
    if not linked.any():
        return pd.DataFrame(columns=CHAIN_COLUMNS)
    # Pointer jumping: after k rounds every claim points 2**k steps back, so a chain of any length
    # reaches its original in log2(length) rounds. The round limit stops a cycle in hand-edited data.
    root = np.where(linked, parent, np.arange(len(claims)))
    for _ in range(64):
        jumped = root[root]
        if (jumped == root).all():
            break
        root = jumped
    in_chain = np.zeros(len(claims), dtype=bool)
    in_chain[linked] = True
    in_chain[parent[linked]] = True
    members = np.flatnonzero(in_chain)
    first_correction = pd.Series(np.flatnonzero(linked)).groupby(root[linked]).min()
    newer = pd.DataFrame({"old": claims["claim_id"].to_numpy()[parent[linked]],
                          "new": claims["claim_id"].to_numpy()[linked]})
    corrected_by = newer.groupby("old", sort=False)["new"].agg("|".join).to_dict()
    rows = claims.iloc[members].assign(chain=claims["claim_id"].to_numpy()[root[members]])
    rows["_chain_order"] = first_correction.reindex(root[members]).to_numpy()
    rows["_row"] = members
    rows = rows.sort_values(["_chain_order", "as_of", "_row"], kind="stable")
    return chain_rows(rows, corrected_by)


def chain_rows(rows: pd.DataFrame, corrected_by: dict[str, str]) -> pd.DataFrame:
    rows = rows.copy()
    rows["supersedes"] = rows["supersedes"].fillna("")
    rows["superseded_by"] = [corrected_by.get(claim, "") for claim in rows["claim_id"]]
    rows["current"] = rows["superseded_by"] == ""
    rows["display"] = words.format_figures(rows)
    return rows[[c for c in CHAIN_COLUMNS if c in rows]].reset_index(drop=True)


def split_chains(table: pd.DataFrame, limit: int | None = None) -> tuple[list[pd.DataFrame], int]:
    """The chains of a :func:`revision_table` as one frame each: the first ``limit`` (None: all),
    and the number of chains left out."""
    roots = table["chain"].drop_duplicates()
    kept = roots if limit is None else roots.head(limit)
    rows = table[table["chain"].isin(kept)]
    chains = [chain.drop(columns="chain").reset_index(drop=True) for _, chain in rows.groupby("chain", sort=False)]
    return chains, len(roots) - len(kept)
