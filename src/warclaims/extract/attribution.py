"""Who made a claim (an actor of actors.csv, the article's own voice, or the passive) and about whom.

The conventions are the codebook's: a named claimant before a verb of saying ("Azerbaijan said", "the
Armenian authorities stated") or after "according to"; the passive ("were reported") -> the
unattributed stand-in; no claimant at all -> the article's own voice. A named claimant that is not in
actors.csv is proposed as a new actor. The subject side comes from side words beside the number
("Azeri civilians"), possessives ("its soldiers", "Azerbaijan's military deaths") and, failing those,
from the claimant and the sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from warclaims.extract.vocab import Vocabulary

SAY = (r"said|says|say|reported|reports|report|stated|states|state|claimed|claims|claim|announced|announces|"
       r"added|adds|told|tells|confirmed|confirms|estimated|estimates|counted|counts|acknowledged|admitted|"
       r"declared|alleged|insisted|noted|wrote|tweeted|posted|gave a (?:death )?toll|"
       # "put the toll at", "put its own losses at"
       r"(?:put|puts|putting) (?:(?:its|their|his|her|the|own|death|military|civilian)\s+){0,3}"
       r"(?:tolls?|losses|casualties|figures?|number|count|dead)|"
       r"published|released|recorded|registered|listed|updated")
# "claimed the lives of 14" is a toll, not a claim
SAY_RE = re.compile(rf"(?<![\w-])(?:(?:has|have|had|also|earlier|later|previously|on \w+)\s+)*(?:{SAY})(?![\w-])"
                    r"(?!\s+(?:[\w,-]+\s+){0,3}lives\b)", re.IGNORECASE)
PASSIVE = re.compile(r"\b(?:(?:were|was|are|is|have been|has been|had been|being)\s+(?:reportedly\s+|also\s+)?"
                     r"(?:reported|said|believed|thought|estimated|feared|claimed)|reportedly)\b", re.IGNORECASE)
ACCORDING = re.compile(r"\baccording to\b", re.IGNORECASE)
GENERIC = re.compile(r"\b(?:officials?|sources?|witnesses|residents|authorities|activists|observers|"
                     r"medics|doctors|rescuers|locals|analysts|experts)\b", re.IGNORECASE)
PRONOUN = re.compile(r"^(?:it|they|the ministry|the government|the authorities|he|she)\b", re.IGNORECASE)
AGENT_NOUNS = r"(?:attacks?|forces|troops|army|artillery|shelling|strikes?|drones?|missiles?|rockets?|shells?|fire|aggression|offensive)"
UNVERIFIED = re.compile(r"\b(?:unverified|could not (?:be )?(?:independently )?(?:verify|verified|confirm|confirmed)|"
                        r"cannot be (?:independently )?(?:verified|confirmed)|not (?:been )?independently (?:verified|confirmed))\b",
                        re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    actor_id: str
    text: str


@dataclass(frozen=True)
class Claimant:
    actor_id: str
    why: str
    new_actor: dict | None = None
    at: int = -1


def _name_pattern(vocab: Vocabulary) -> tuple[re.Pattern, dict[str, str]]:
    """One regex for every actor name (longest first, first letter in either case) and name -> actor_id."""
    cached = getattr(vocab, "_names", None)
    if cached is None:
        owner: dict[str, str] = {}
        for actor in vocab.actors:
            for name in actor.names:
                if len(name) >= 2:
                    owner.setdefault(name[0].lower() + name[1:], actor.actor_id)
        parts = []
        for name in sorted(owner, key=len, reverse=True):
            first = f"[{re.escape(name[0].upper())}{re.escape(name[0])}]" if name[0].isalpha() else re.escape(name[0])
            parts.append(first + re.escape(name[1:]))
        pattern = re.compile(rf"(?<![\w-])(?:{'|'.join(parts) or '(?!)'})(?![\w-])")
        cached = vocab._names = (pattern, owner)
    return cached


def mentions(sentence: str, vocab: Vocabulary) -> list[Mention]:
    """Non-overlapping mentions of known actors in ``sentence``, the longest name at each place."""
    pattern, owner = _name_pattern(vocab)
    return [Mention(m.start(), m.end(), owner[m.group()[0].lower() + m.group()[1:]], m.group())
            for m in pattern.finditer(sentence)]


def stand_in(vocab: Vocabulary, kind: str) -> str:
    """The actor id for the article's own voice (``own``) or the passive (``passive``)."""
    if kind == "own":
        return vocab.generic_claimants[0] if vocab.generic_claimants else "reporting_outlet"
    ids = [a.actor_id for a in vocab.actors]
    if "unattributed" in ids:
        return "unattributed"
    plain = [a.actor_id for a in vocab.actors if a.kind == "unattributed" and len(a.names) <= 1]
    return plain[0] if plain else "unattributed"


def _only_generic(name: str, vocab: Vocabulary) -> bool:
    """True for "Officials", "Azerbaijani officials", "The sources": no organisation is named."""
    words = re.findall(r"[\w’'-]+", name)
    return all(GENERIC.fullmatch(w) or w.lower() in ("the", "a", "an", "of", "and", "local", "military", "government")
               or w in vocab.side_words for w in words)


def _new_actor(phrase: str, vocab: Vocabulary) -> dict:
    name = re.sub(r"^(?:(?:the|a|an|for|of|at|from|with)\s+)+", "", phrase.strip(), flags=re.IGNORECASE)
    name = re.sub(r"(?:’s|'s)$", "", _ROLE.sub("", name))
    slug = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:40] or "new_actor"
    side = next((s for w, s in vocab.side_words.items() if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", name)), "")
    basis = f"'{side}' from a side word in its name" if side else ""
    if not side:
        side = "unknown" if "unknown" in vocab.side_camps else (vocab.side_of(stand_in(vocab, "passive")) or "other")
        basis = f"no side word in its name: side '{side}' is a placeholder"
    lower = name.lower()
    kind = ("military" if re.search(r"army|forces|military|defen[cs]e|general staff|command", lower) else
            "igo" if re.search(r"united nations|\bun\b|\bun’s|\bun's|unhcr|unicef|ocha|unrwa|\bwho\b|world health|osce|nato|"
                           r"european union|african union|\bicrc\b|red cross|red crescent|mission|monitors", lower) else
            "ngo" if re.search(r"watch|amnesty|red cross|red crescent|committee|foundation|doctors|observatory", lower) else
            "media" if re.search(r"news|agency|times|post|tv|television|radio|gazette|herald|press", lower) else
            "government" if re.search(r"ministry|government|authorit|office|council|president|minister|officials", lower) else
            "person")
    return {"actor_id": slug, "name": name, "side": side, "kind": kind, "aliases": phrase.strip(),
            "notes": f"Proposed by warclaims extract; {basis}, kind '{kind}' guessed from the name: check both."}


_NAME_BEFORE = re.compile(r"((?:(?:[A-Z][\w’'.-]*|of|the|for|and|de|al)\s+)*[A-Z][\w’'.-]*(?:’s|'s)?(?:\s+[A-Z][\w.-]*)*"
                          r"(?:\s+(?:[a-z][\w’'-]*\s+){0,3}(?:group|organi[sz]ation|agency|committee|ministry|office|council|"
                          r"service|charity|mission|watchdog|body|network|commission|programme|program|fund|observatory|"
                          r"coalition|alliance|centre|center|foundation|institute|envoy|spokes(?:man|woman|person)|chief|"
                          r"head|representative|coordinator|commissioner|director))?)\s*,?\s*$")
# Words after the organisation that name one of its people: the claimant proposed is the organisation.
_ROLE = re.compile(r"\s+(?:envoy|spokes(?:man|woman|person)|chief|head|representative|coordinator|commissioner|director)$")


def claimant(sentence: str, number_at: int, vocab: Vocabulary, previous: str = "") -> Claimant:
    """The claimant of the figure at offset ``number_at`` of ``sentence``; ``previous`` is the claimant of the sentence before."""
    found = mentions(sentence, vocab)
    for match in ACCORDING.finditer(sentence):
        clause_end = min([p for p in (sentence.find(",", match.end()), len(sentence)) if p >= 0])
        inside = [m for m in found if match.end() <= m.start < clause_end]
        if inside:
            return Claimant(inside[-1].actor_id, f"'according to {inside[-1].text}'", at=match.start())
        phrase = sentence[match.end():clause_end].strip()
        if re.match(r"(?:the\s+)?[A-Z]", phrase) and not GENERIC.search(phrase):
            return Claimant("", f"'according to {phrase}': not in actors.csv, proposed as a new actor", _new_actor(phrase, vocab), match.start())
        return Claimant(stand_in(vocab, "passive"), f"'according to {phrase}' names no one", at=match.start())
    verbs = list(SAY_RE.finditer(sentence))
    verbs.sort(key=lambda v: (v.start() > number_at, abs(v.start() - number_at)))
    for verb in verbs:
        if PASSIVE.search(sentence[max(0, verb.start() - 20):verb.end()]):
            continue
        before = [m for m in found if m.end <= verb.start() and verb.start() - m.end <= 45
                  and not re.search(r"[.;]|\bthat\b", sentence[m.end:verb.start()])]
        if before:
            return Claimant(before[-1].actor_id, f"'{before[-1].text} ... {verb.group().strip()}'", at=verb.start())
        after = [m for m in found if 0 <= m.start - verb.end() <= 3]
        if after:
            return Claimant(after[0].actor_id, f"'{verb.group().strip()} {after[0].text}'", at=verb.start())
        head = sentence[max(0, verb.start() - 60):verb.start()]
        if PRONOUN.match(head.strip()) and previous and verb.start() < 25:
            return Claimant(previous, f"'{head.strip()} {verb.group()}': the claimant of the sentence before", at=verb.start())
        name = _NAME_BEFORE.search(head)
        if name and not _only_generic(name.group(1), vocab) and not re.fullmatch(r"(?:The|A|An|It|They|He|She|But|And)", name.group(1)):
            actor = _new_actor(name.group(1), vocab)
            return Claimant("", f"'{name.group(1)} {verb.group().strip()}': not in actors.csv, proposed as a new actor", actor, verb.start())
        if GENERIC.search(head[-30:]) or GENERIC.search(sentence[verb.end():verb.end() + 30]):
            return Claimant(stand_in(vocab, "passive"), f"'{verb.group().strip()}' by unnamed officials or sources", at=verb.start())
    if PASSIVE.search(sentence):
        return Claimant(stand_in(vocab, "passive"), f"passive '{PASSIVE.search(sentence).group()}' -> unattributed")
    return Claimant(stand_in(vocab, "own"), "no claimant named: the article's own voice")


def _side_words_in(text: str, vocab: Vocabulary) -> list[tuple[int, str, str]]:
    """(position, word, side) of every side word in ``text`` (each word found wherever it occurs, even inside a
    longer side word, as a loop over the words would)."""
    patterns = getattr(vocab, "_side_patterns", None)
    if patterns is None:
        patterns = vocab._side_patterns = [(re.compile(rf"(?<![\w-]){re.escape(w)}(?![\w])"), w, s)
                                           for w, s in vocab.side_words.items()]
    return sorted((m.start(), word, side) for pattern, word, side in patterns for m in pattern.finditer(text))


def _enemy(own: str, vocab: Vocabulary) -> str:
    """The one belligerent side outside ``own``'s camp, or "" when there are several."""
    others = [s for s in vocab.subject_sides if vocab.is_belligerent(s) and vocab.side_camps.get(s) != vocab.side_camps.get(own)]
    return others[0] if len(others) == 1 else ""


def subject_side(sentence: str, start: int, end: int, phrase_end: int, claimant_id: str, vocab: Vocabulary,
                 active: bool = False, claimant_side: str = "") -> tuple[str, str]:
    """``(subject_side, why)`` for the figure at ``start:end`` whose noun phrase runs to ``phrase_end``;
    ``claimant_side`` stands in for the side of a claimant not (yet) in actors.csv."""
    from warclaims.extract.inflicted import Inflicted, inflicted  # inflicted.py reads mentions() from here

    own = vocab.side_of(claimant_id) or claimant_side
    own_ok = vocab.is_belligerent(own)
    phrase = re.split(r"[.,;:—–]|\b(?:were|was|had|have|has|are|is|been|in|on|at|since|after|during|by|from|that|who)\b",
                      sentence[end:phrase_end], maxsplit=1)[0]
    local = [w for w in _side_words_in(phrase, vocab) if not re.match(r"-?(?:backed|led|controlled|held)\b", phrase[w[0] + len(w[1]):])]
    possessive = re.search(r"([\w-]+)(?:’s|'s)\s+(?:\w+\s+)?$", sentence[max(0, start - 40):start])
    if possessive and possessive.group(1) in vocab.side_words:
        local.append((0, possessive.group(1), vocab.side_words[possessive.group(1)]))
    if local:
        _, word, side = local[0]
        if own_ok and side != own and vocab.side_camps.get(side) == vocab.side_camps.get(own):
            return own, f"'{word}' is the claimant's own camp -> the claimant's side {own}"
        if side in vocab.subject_sides:
            return side, f"'{word}' beside the figure -> {side}"
    done = inflicted(sentence, start, end, own, vocab)
    if done is None and active and own_ok:
        done = Inflicted(own, "the claimant's side did it ('killed/captured N')")
    if done is not None and vocab.is_belligerent(done.agent_side):
        enemy = _enemy(done.agent_side, vocab)
        return (enemy or "unknown"), f"{done.why}: the figure is the other side's, {enemy or 'unknown'}" + ("" if enemy else " (check)")
    if done is not None:
        return "unknown", f"{done.why}, but that side is no warring party: whose losses is unknown (check)"
    if re.search(r"\b(?:its|their|our|own)\b", sentence[start:phrase_end]) and own_ok:
        return own, f"'its/their' -> the claimant's side {own}"
    if own_ok:
        return own, f"no side named beside the figure: the claimant's own side {own} (check)"
    if re.search(r"\b(?:both|each|either) sides?\b|\bwarring\b", sentence, re.IGNORECASE):
        return "both", "'both sides' -> both"
    sides = {s for _, _, s in _side_words_in(sentence, vocab) if vocab.is_belligerent(s)}
    camps = {vocab.side_camps[s] for s in sides}
    if len(sides) == 1:
        side = next(iter(sides))
        return side, f"only {side} is named in the sentence (check)"
    if len(camps) > 1 or "both" in vocab.subject_sides:
        return "both", "no side named beside the figure: a toll of the fighting on both sides (check)"
    return "unknown", "no side named"


def status(sentence: str) -> str:
    return "unverified" if UNVERIFIED.search(sentence) else "reported"
