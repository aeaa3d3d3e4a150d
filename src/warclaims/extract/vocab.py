"""What the extractor may name, read from the dataset's own tables: metrics, sides, actors, vague terms.

Nothing about one war is written here. Side words ("Armenian", "Azeri", "Ruritanian") are derived from the
names in ``sides.csv`` (with the usual English demonym endings) and from the words that the aliases in
``actors.csv`` use for one side only. Metric triggers come from each metric's id, name and definition,
widened by an English lexicon of casualty words (``died``, ``injured``, ``prisoners``...), which is about
the language, not about the war.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# English words for the casualty concepts a metric's id or name may use.
CONCEPTS = {
    "killed": ("killed", "kill", "killing", "dead", "died", "die", "dies", "death", "deaths", "lives", "fatalities",
               "perished", "slain", "lost their lives", "death toll", "death tolls",
               # military euphemisms for killing; counted.py marks them for the curator to check
               "neutralised", "neutralized", "eliminated", "liquidated"),
    "wounded": ("wounded", "injured", "injuries", "injury", "hurt", "wounding", "injuring", "wounds"),
    "missing": ("missing", "unaccounted for"),
    "captured": ("captured", "prisoners", "prisoner", "pows", "pow", "taken prisoner", "captive", "captives",
                 "detained", "seized"),
    "displaced": ("displaced", "fled", "refugees", "evacuated", "homeless", "uprooted", "flee", "fleeing"),
    "casualties": ("casualties", "casualty", "losses"),
}
DESTROYED = ("destroyed", "destroy", "destroying", "razed", "demolished", "flattened", "burned", "burnt",
             "wrecked", "knocked out", "eliminated", "shot down", "downed", "damaged", "damage")
MILITARY = ("soldiers", "soldier", "servicemen", "serviceman", "service members", "troops", "military", "personnel",
            "combatants", "fighters", "militants", "servicemembers", "officers", "conscripts", "sailors", "pilots",
            "marines", "mercenaries", "army", "forces", "insurgents", "rebels", "guerrillas", "militiamen")
CIVILIAN = ("civilians", "civilian", "journalists", "journalist", "children", "women", "residents", "villagers",
            "inhabitants", "aid workers", "medics", "doctors", "refugees", "non-combatants", "reporters")
PEOPLE = ("people", "persons", "individuals", "men", "lives")
_STOP = {"the", "a", "an", "of", "and", "or", "in", "on", "for", "to", "by", "with", "its", "their", "his", "her",
         "officials", "unnamed", "separate", "report", "president", "prime", "minister", "ministry", "foreign",
         "defense", "defence", "fm", "mr.", "mrs.", "ms.", "secretary", "state", "government", "authorities",
         "forces", "troops", "army", "so-called", "group", "regime", "armed", "affairs", "human", "rights", "office",
         "national", "united", "republic", "council", "committee", "international", "ombudsman", "both", "each",
         "other", "media", "states", "people", "general", "chief", "spokesman", "spokeswoman", "commission",
         "agency", "service", "news", "press", "staff", "department", "interior", "health", "emergency"}


def stem(word: str) -> str:
    """A crude English singular: properties -> property, houses -> house, buses -> bus."""
    word = word.lower().strip(".,;:()'’\"")
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


@dataclass
class Metric:
    metric_id: str
    kind: str
    concepts: frozenset[str]
    nouns: frozenset[str] = frozenset()
    head: str = ""


@dataclass
class Actor:
    actor_id: str
    side: str
    kind: str
    names: tuple[str, ...]


@dataclass
class Vocabulary:
    metrics: list[Metric]
    actors: list[Actor]
    side_words: dict[str, str]
    side_camps: dict[str, str]
    belligerent_camps: set[str]
    subject_sides: list[str]
    vague_terms: dict[str, tuple[int, int]]
    generic_claimants: list[str] = field(default_factory=list)

    def actor(self, actor_id: str) -> Actor | None:
        return next((a for a in self.actors if a.actor_id == actor_id), None)

    def side_of(self, actor_id: str) -> str:
        actor = self.actor(actor_id)
        return actor.side if actor else ""

    def is_belligerent(self, side: str) -> bool:
        return self.side_camps.get(side, "") in self.belligerent_camps and side in self.subject_sides


def _metric(row) -> Metric:
    words = re.findall(r"[a-z']+", f"{row['metric_id'].replace('_', ' ')} {row['name']}".lower())
    definition = re.findall(r"[a-z']+", str(row.get("definition", "")).lower())
    concepts = {c for c, triggers in CONCEPTS.items() if any(w in triggers for w in words)}
    if "casualties" in definition or "casualty" in definition:
        concepts.add("casualties")
    nouns = [stem(w) for w in words if w not in _STOP and w not in DESTROYED and not any(w in t for t in CONCEPTS.values())]
    head = nouns[-1] if nouns and row["kind"] != "casualty" and row.get("unit", "") != "people" else ""
    return Metric(row["metric_id"], row["kind"], frozenset(concepts), frozenset(nouns), head)


def demonyms(name: str) -> set[str]:
    """English adjective forms of a place name: Armenia -> Armenian, Azerbaijan -> Azerbaijani, Ruritania -> Ruritanian."""
    forms = {name}
    if name.endswith("a"):
        forms |= {name + "n", name[:-1] + "an"}
    elif name.endswith("y"):
        forms |= {name[:-1] + "ian", name[:-1] + "ish"}
    elif name.endswith(("e", "o")):
        forms |= {name[:-1] + "ian", name + "an"}
    else:
        forms |= {name + "i", name + "ian", name + "ese", name + "ish", name + "an"}
    return forms


def _side_words(sides, actors) -> dict[str, str]:
    words: dict[str, set[str]] = {}
    for side_id, name in zip(sides["side_id"], sides["name"]):
        parts = [p for p in re.findall(r"[A-Z][\w’'-]*", str(name)) if p.lower() not in _STOP]
        if len(re.findall(r"\w+", re.sub(r"\(.*?\)", "", str(name)))) > 1:  # "United States": the phrase only
            words.setdefault(re.sub(r"\s*\(.*?\)", "", str(name)).strip(), set()).add(side_id)
            parts = re.findall(r"\((\w[\w-]*)\)", str(name))
        for part in parts:
            for form in demonyms(part) | ({p for p in part.split("-") if len(p) > 3} if "-" in part else set()):
                words.setdefault(form, set()).add(side_id)
    from_aliases: dict[str, set[str]] = {}
    for side, name, aliases, kind in zip(actors["side"], actors["name"], actors["aliases"], actors["kind"]):
        if kind in ("media",) or not str(aliases):
            continue
        for alias in [str(name)] + [a for a in str(aliases).split("|") if a]:
            for token in re.findall(r"[A-Z][\w-]*(?:[’']s)?", alias):
                token = re.sub(r"[’']s$", "", token)
                if token.lower() not in _STOP and len(token) > 2:
                    from_aliases.setdefault(token, set()).add(side)
    for token, sides_seen in from_aliases.items():
        if token not in words and len(sides_seen) == 1:
            words[token] = sides_seen
    return {w: next(iter(s)) for w, s in words.items() if len(s) == 1}


def build(dataset) -> Vocabulary:
    """The vocabulary of ``dataset`` (a :class:`warclaims.Dataset`)."""
    metrics = [_metric(row) for row in dataset.metrics.to_dict("records")]
    actors = []
    for row in dataset.actors.to_dict("records"):
        names = [a.strip() for a in str(row.get("aliases", "")).split("|") if a.strip()]
        names.append(str(row["name"]).split(",")[0].strip())
        actors.append(Actor(row["actor_id"], row["side"], row["kind"], tuple(dict.fromkeys(names))))
    sides = dataset.sides
    camps = dataset.tables.get("camps")
    belligerent = set()
    if camps is not None:
        belligerent = {c for c, b in zip(camps["camp_id"], camps["belligerent"]) if str(b).lower() == "true"}
    subject = _subject_enum(dataset.descriptor) or [s for s in sides["side_id"]] + ["both", "unknown"]
    vague = {str(t).lower(): (int(lo), int(hi)) for t, lo, hi in zip(dataset.vague_terms["term"], dataset.vague_terms["low"],
                                                                      dataset.vague_terms["high"])}
    return Vocabulary(metrics, actors, _side_words(sides, dataset.actors), dict(zip(sides["side_id"], sides["camp"])),
                      belligerent, subject, vague, list(dataset.descriptor.get("warclaims:genericClaimants", [])))


def _subject_enum(descriptor: dict) -> list[str]:
    for resource in descriptor.get("resources", []):
        if resource.get("name") == "claims":
            for spec in resource["schema"]["fields"]:
                if spec["name"] == "subject_side":
                    return list(spec.get("constraints", {}).get("enum", []))
    return []
