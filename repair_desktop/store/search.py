"""Text search through a search table an index covers, so any word is found among a million jobs in milliseconds.

The store's rule for a search: every word must appear, ignoring ASCII case, in
one of the job's searched columns. Migration 0005 keeps each job's searched
columns, joined by spaces into one line, in a search table (kept by triggers in
the same transaction as every change): an FTS5 table with the trigram tokenizer
on SQLite, a table with pg_trgm's GIN index on PostgreSQL (lower-cased there).
A word has no spaces, so it is in one of the columns exactly when it is in the
line, and the rule is ``line LIKE '%word%'`` for every word (``contains_all``):
one lookup by id instead of two joins and five LIKEs per row read.

The index narrows where to look: it names the jobs that may match (always
every job that does: it folds case more widely than LIKE, never less), and the
rule still decides. How the candidates are used depends on how many there are.
On SQLite:

- a few (under ``DRIVE_LIMIT``): read just those jobs and sort them;
- more: read the list in its sort order (its index) and test each row's id
  against the candidates, a cheap lookup that stops after a page; sorting
  thousands of joined rows would take longer;
- ``CANDIDATE_CAP`` or more: the words are common, and the rule alone finds a
  page of matches within a few thousand rows of the list.

On PostgreSQL a sample of the search table says first whether the words are
common (``WALK_BREAK_EVEN``): then the rule alone reads the list in its order;
otherwise the index's candidates, up to ``CANDIDATE_CAP``, are read and sorted.
"""

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import (ARRAY, ColumnElement, Integer, Select, any_, column, exists, false, func, literal, select, table,
                        text)
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import ScalarSelect
from sqlalchemy.types import TypeEngine

def search_words(text: str) -> list[str]:
    """The words of a search box; a NUL (which SQLite's LIKE treats as the end of the pattern) separates too."""
    return text.replace("\x00", " ").split()


#: With this many candidates or more, the words are common enough that reading in sort order is faster.
CANDIDATE_CAP = 10_000
#: SQLite: under this many candidates they drive the query (found, then sorted); from this many, the list's
#: order does.
DRIVE_LIMIT = 2_000
#: SQLite: the same for the lines holding a long word and a short word's start together, which are otherwise
#: found by testing each row of the list in its order: "hyundai sm" (2,051 lines of 1,000,000) took 58 ms so and
#: 27 ms sorted, "toyota je" (3,399) 57 and 42. Sorting more costs more than the search whose lines are that common
#: saves ("toyota da", 9,436 lines: 40 ms walked by time), except in a list read through another table first
#: (customer, vehicle, technician). That walk tests each row several times dearer and, sorted from the far end,
#: reaches the D's of "nissan da" (5,366 lines) last: 273 ms walked, 65 sorted; "toyota da" by customer 52-148
#: walked, 90 sorted. There the lines holding both drive up to ``CANDIDATE_CAP``: the worst run, not the best.
PAIRED_DRIVE_LIMIT = 4_000
#: A one- or two-letter word starts at most this many trigrams in the index, or it is too common to narrow with.
SHORT_WORD_TERMS = 40
#: Words this long are looked up whole; shorter ones through the trigrams they start.
TRIGRAM = 3
#: PostgreSQL: a word the trigram index can look up holds three letters or digits in a row ("a/c" has none).
TRIGRAM_RUN = re.compile(r"[A-Za-z0-9]{3}")
#: With a filter that keeps many rows but not few (a technician's 92,000 jobs of 1,000,000), a walk along the list
#: finds rows holding the words *and* kept by the filter that much later ("james" among a technician's jobs by
#: customer: 745 ms on SQLite, 295 on PostgreSQL). The candidates are then read up to this many, and the filter
#: checked on each of them; the list's order is walked only for words commoner than that.
THINNED_CAP = 30_000
#: PostgreSQL: the share of the search table's pages (in percent) sampled to tell common words from rare ones.
SAMPLE_PERCENT = 1
#: PostgreSQL: when the words are common, reading the list in its order and testing each row (about 1 microsecond
#: a row) finds a page sooner than the index names the lines and they are sorted. The first costs about a page
#: divided by the share of lines holding the words, the second that share of all the lines: they cost the same
#: where share x share x lines is about 16 (0.4% of 1,000,000 appointments, 40-50 ms either way). The sample's
#: share is off by a few tenths of a percent either way, and a walk taken too early costs more (0.3% of the
#: lines: 75-85 ms, against 35 as candidates) than candidates taken too late, so the line is drawn above:
#: 0.5% of 1,000,000 appointments, 1.6% of 100,000 callbacks.
WALK_BREAK_EVEN = 25
#: PostgreSQL: the same for a list sorted by another table's column (customer, vehicle, technician), read through
#: that table's index and its jobs, several times dearer a row: 1% among 1,000,000 appointments, where "toyota
#: da" (0.93%) sorted by customer took 199 ms walked and 95 as candidates. And for one word, whose lookup reads
#: no line in vain (its candidates are then ``dense``: see ``_narrowing``): "williams" (0.73%) 35 ms walked, 29
#: as candidates.
LEADING_WALK_BREAK_EVEN = 100
#: PostgreSQL: a word that finds lines through the trigram index and is held by this share of the sampled lines or
#: more is looked up together with the search's two-letter words (``lines_holding_pg``)...
PAIR_JOIN_SHARE = 0.02
#: PostgreSQL: ... together with those held by fewer than this many times as many sampled lines as that word: the
#: index then reads the pair's entries, cheaper than testing each line of the word until they are much commoner.
PAIR_JOIN_RATIO = 3
#: PostgreSQL: the lines holding a character outside ASCII, as migration 0012's partial indexes list them.
UNUSUAL = r"doc ~ '[^\x01-\x7f]'"
#: The characters pg_trgm keeps in its trigrams of a lower-cased ASCII line; every other one ends a word.
WORD_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789"


@dataclass(frozen=True)
class Narrowing:
    """The index's say on a search: ``condition`` keeps the candidates; ``few`` when they drive the query;
    ``exact`` when the candidates are exactly the matches (the rule need not be checked again); ``dense`` when,
    though they drive, a page of them is found sooner along the sort's own index than by reading them all."""

    condition: ColumnElement[bool]
    few: bool
    exact: bool = False
    dense: bool = False


#: The index's say when no line can hold the words: nothing to read at all.
_NOTHING = Narrowing(false(), few=True)


@dataclass(frozen=True)
class SearchIndex:
    """The search table of one kind of job (see migration 0005), keyed by the job's id."""

    table: str

    def contains_all(self, s: Session, key: ColumnElement[int], words: Sequence[str]) -> ColumnElement[bool]:
        """The rule: the job's line holds every word (LIKE, wildcards taken literally).

        SQLite keeps an FTS5 table's text in its ``_content`` shadow table (id,
        c0): read there by id, as the FTS table itself answers a lookup by id
        far more slowly. PostgreSQL's line is lower-cased, so the word is too.
        """
        sqlite = s.get_bind().dialect.name == "sqlite"
        if sqlite:
            lines = table(f"{self.table}_content", column("id", Integer), column("c0"))
            line = lines.c.c0
        else:
            lines = table(self.table, column("id", Integer), column("doc"))
            line = lines.c.doc
        check = select(1).select_from(lines).where(lines.c.id == key, *holds_every(line, words, sqlite))
        # PostgreSQL turns a plain EXISTS into a join that reads every line holding a common word before the sort;
        # OFFSET 0 keeps it a test of each row as the list is read in its order (stopping after a page).
        return exists(check if sqlite else check.offset(0))

    def count_holding(self, s: Session, words: Sequence[str]) -> ScalarSelect[int] | None:
        """How many lines hold every word, at most (on SQLite FTS5 folds case more widely than the rule, so its count
        may be higher; on PostgreSQL it is the rule's), as a scalar subquery; None when the index can't count them
        quickly: on SQLite only short words not ASCII or with too many trigrams, on PostgreSQL no word with three
        letters or digits in a row, the least the trigram index can look up ("oi", "a/c" would read every line)."""
        if s.get_bind().dialect.name == "sqlite":
            groups = self._fts_groups(s, words)
            if not groups:
                return None
            if not all(groups):
                return select(literal(0)).scalar_subquery()  # a short word no trigram starts with
            counted = text(f"SELECT count(*) AS n FROM {self.table} WHERE {self.table} MATCH :match").bindparams(
                match=_match(groups))
        else:
            if not any(TRIGRAM_RUN.search(w) for w in words):
                return None
            holding, params = _lines_holding(words)
            counted = text(f"SELECT count(*) AS n FROM {self.table} WHERE {holding}").bindparams(**params)
        return counted.columns(column("n", Integer)).scalar_subquery()

    def narrow(self, s: Session, key: ColumnElement[int], words: Sequence[str],
               leading: bool = False, thinned: bool = False) -> Narrowing | None:
        """How to keep ``key`` to the jobs that may hold every word, or None when the index can't help;
        ``leading`` when the list is read through another table first (``LEADING_WALK_BREAK_EVEN``), ``thinned``
        when a filter keeps many of its rows but not most (``THINNED_CAP``)."""
        if s.get_bind().dialect.name == "sqlite":
            return self._narrow_sqlite(s, key, words, leading, thinned)
        sampled, held, each = self._sampled(s, words)
        if (_walk_sooner(sampled, held, words, leading, thinned)
                or (not thinned and held * 100 / SAMPLE_PERCENT >= CANDIDATE_CAP)):
            return None  # reading the list in its order finds a page sooner than any index would
        candidates, params = lines_holding_pg(self.table, words, each, sampled)
        # the rule itself, on the line, for every word
        return _narrowing(s, key, candidates, params, sampled * 100 / SAMPLE_PERCENT, thinned)

    def _narrow_sqlite(self, s: Session, key: ColumnElement[int], words: Sequence[str],
                       leading: bool, thinned: bool) -> Narrowing | None:
        """The long words looked up whole (or, with none, the short words' trigrams); FTS5 folds case more widely
        than LIKE, so the rule still decides.

        When the long words leave many candidates and short words were typed too ("smith ja": 8,000 lines hold
        "smith" at a million appointments, 283 both), the short words' trigrams are looked up with them, and the
        lines holding both drive the query if they are few: 94 ms became 14 ms for that page. The short
        words' trigrams cost 9 ms to list (FTS5 counts each one's lines) and their lookup 2-8 ms, which the
        searches whose words stay common together pay for nothing, so only after the long words' own lookup
        found many. How many is counted last, and only up to ``CANDIDATE_CAP``: reading 10,000 ids into Python
        to count them took 8 ms of "hyundai je"'s 43."""
        groups = self._fts_groups(s, words)
        if not groups:
            return None
        if not all(groups):
            return _NOTHING  # a short word no trigram starts with: nothing holds it
        candidates, match = f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH :match", _match(groups)
        found = _few_sqlite(s, key, candidates, match)
        if found is not None:
            return found
        if any(len(w) >= TRIGRAM for w in words) and (pairs := self._short_groups(s, words)):
            if not all(pairs):
                return _NOTHING
            paired_limit = THINNED_CAP if thinned else CANDIDATE_CAP if leading else PAIRED_DRIVE_LIMIT
            if (tighter := _few_sqlite(s, key, candidates, _match(groups + pairs), paired_limit)) is not None:
                return tighter
            if thinned:
                return None  # the lines holding both are commoner than the cap: the list's order is walked
        if thinned:  # read further only now: the pair's lines are fewer ("toyota": 140,000; "toyota da": 9,436)
            if self._lines_sqlite(s, candidates, match) >= THINNED_CAP:
                return None  # the list's order is walked
            return _few_sqlite(s, key, candidates, match, THINNED_CAP)
        if s.scalar(text(f"SELECT count(*) FROM ({candidates} LIMIT :cap)"),
                    {"match": match, "cap": CANDIDATE_CAP}) >= CANDIDATE_CAP:
            return None
        again = text(candidates).bindparams(match=match).columns(column("id", Integer))
        return Narrowing((key + 0).in_(again), few=False)  # ``+ 0``: the sort's index leads, not the id

    def _lines_sqlite(self, s: Session, candidates: str, match: str) -> float:
        """SQLite: about how many lines ``match`` finds, from the id of its ``DRIVE_LIMIT``-th: FTS5 hands the
        lines over in id order, and ids are dense, so the share of the ids that many lines span is the share of
        the lines holding the words. Reading up to ``THINNED_CAP`` ids to learn that there are more cost 20-30 ms
        ("check engine": 42,688 lines; asked so, 1 ms)."""
        nth, top = s.execute(text(f"SELECT ({candidates} LIMIT 1 OFFSET :n), "
                                  f"(SELECT max(id) FROM {self.table}_content)"),
                             {"match": match, "n": DRIVE_LIMIT - 1}).one()
        return DRIVE_LIMIT * top / nth if nth else 0

    def by_keys(self, s: Session, words: Sequence[str], keys: Sequence[tuple[str, TypeEngine]],
                leading: bool = False, thinned: bool = False) -> tuple[Select, list[ColumnElement], bool]:
        """PostgreSQL: the ids of the lines holding every word, to choose a page from in the order of the line's
        ``keys`` columns (name and type; migration 0017) and then the id; those sort keys; and whether the
        lines are few, found by the index and sorted as they are read, or common, found by reading the table
        in that order.

        The sample decides as ``narrow`` does, ``leading`` for a key copied from another table (customer,
        vehicle), as for that table's order (``LEADING_WALK_BREAK_EVEN``): a name sorted by name is not
        spread evenly ("nissan da" by customer from Z to A read every name down to the D's: 122 ms walked at
        0.5%, 60 as candidates). A word is tested with ``strpos``, which is ``LIKE '%word%'`` without
        wildcards: the planner prices a LIKE on the line as rare and would read the whole table, sorting it,
        for a page of a common word (90 ms for "toyota da", where the walk takes 6).
        """
        sampled, held, each = self._sampled(s, words)
        if _walk_sooner(sampled, held, words, leading, thinned):
            lines = table(self.table, column("id", Integer), column("doc"), *(column(k, t) for k, t in keys))
            ids = select(lines.c.id).where(*(func.strpos(lines.c.doc, func.lower(literal(w))) > 0 for w in words))
            return ids, [*(lines.c[k] for k, _ in keys), lines.c.id], False
        candidates, params = lines_holding_pg(self.table, words, each, sampled, [k for k, _ in keys])
        used = {name: params[name] for name in re.findall(r":(\w+)", candidates)}  # the lookups not taken aside
        found = (text(candidates).bindparams(**used)
                 .columns(column("id", Integer), *(column(k, t) for k, t in keys)).subquery("found"))
        return select(found.c.id), [*(found.c[k] for k, _ in keys), found.c.id], True

    def _sampled(self, s: Session, words: Sequence[str]) -> tuple[int, int, list[int]]:
        """PostgreSQL: how many lines a fixed sample of the search table has, how many hold every word, and each.

        Asking the trigram index for a common word builds the bitmap of every line that holds it before any
        LIMIT applies (125,000 lines for ``brake`` at 1,000,000 appointments); the sample costs a pass over 1% of
        the table's pages, the same pages every time (so they stay cached), and says which words are common.
        """
        holding, params = _lines_holding(words, line="(doc || '')")
        each = ", ".join(f"count(*) FILTER (WHERE (doc || '') LIKE lower(:w{i}) ESCAPE '/')" for i in range(len(words)))
        counts = s.execute(text(f"SELECT count(*), count(*) FILTER (WHERE {holding}), {each} FROM {self.table} "
                                f"TABLESAMPLE SYSTEM ({SAMPLE_PERCENT}) REPEATABLE (0)"), params).one()
        return counts[0], counts[1], list(counts[2:])

    def _fts_groups(self, s: Session, words: Sequence[str]) -> list[list[str]]:
        """What to look up, as groups of which each must match one: the long words, else the short words' trigrams.

        Empty when no word can narrow (all are short and common, or not ASCII).
        """
        long_words = [w for w in words if len(w) >= TRIGRAM]
        if long_words:
            return [[w] for w in long_words]
        return self._short_groups(s, words)

    def _short_groups(self, s: Session, words: Sequence[str]) -> list[list[str]]:
        """SQLite: the trigrams each short word starts, for the short words that have few enough of them."""
        return [terms for terms in (self._terms_starting(s, w) for w in words if len(w) < TRIGRAM)
                if terms is not None]

    def _terms_starting(self, s: Session, word: str) -> list[str] | None:
        """The index's trigrams that begin with a short ``word``, or None when there are too many to be worth it.

        Only ASCII words: the index folds other letters' case its own way, which the
        range of terms can't follow (the LIKE filter then reads the list instead).
        """
        if not word.isascii():
            return None
        start = word.lower()
        beyond = start[:-1] + chr(ord(start[-1]) + 1)  # the first text after all those starting with ``start``
        terms = s.scalars(text(f"SELECT term FROM {self.table}_terms WHERE term >= :start AND term < :end LIMIT :n"),
                          {"start": start, "end": beyond, "n": SHORT_WORD_TERMS + 1}).all()
        return None if len(terms) > SHORT_WORD_TERMS else list(terms)


def _walk_sooner(sampled: int, held: int, words: Sequence[str], leading: bool, thinned: bool = False) -> bool:
    """PostgreSQL: whether, by the sample (``sampled`` lines, ``held`` of them holding every word), reading the
    list in its order finds a page sooner than the index's candidates: ``WALK_BREAK_EVEN``, or
    ``LEADING_WALK_BREAK_EVEN`` for another table's order or a single word; with a filter thinning the walk, only
    from ``THINNED_CAP`` lines on."""
    if not sampled:
        return False
    if thinned:
        return held * 100 / SAMPLE_PERCENT >= THINNED_CAP
    break_even = LEADING_WALK_BREAK_EVEN if leading or len(words) == 1 else WALK_BREAK_EVEN
    return (held / sampled) ** 2 * sampled * 100 / SAMPLE_PERCENT >= break_even


def _narrowing(s: Session, key: ColumnElement[int], candidates: str, params: dict[str, str],
               lines: float, thinned: bool) -> Narrowing | None:
    """PostgreSQL: what the ``candidates`` query (ids, with ``params``) finds among about ``lines`` lines, as a
    ``Narrowing`` of exactly the matches; None from ``CANDIDATE_CAP`` of them on (``THINNED_CAP`` with a filter
    thinning the walk, which is then never ``dense``), having read no more.

    The ids go back as one array. A few thousand are looked up and sorted (3 ms for 1,600 at 1,000,000
    appointments, where walking the sort's index and testing each row against them read 540,000 rows: 39 ms).
    Held by half a percent of the lines or more (``WALK_BREAK_EVEN``), they are ``dense``: the walk finds a
    page of them within 40,000 rows, each tested by a hash of the ids, sooner than 5,000 or more are looked up
    ("williams", 7,339: 29 ms walked, 45 looked up and sorted).
    """
    found = _ids_under(s, candidates, params, THINNED_CAP if thinned else CANDIDATE_CAP)
    if found is None:
        return None
    if not found:
        return _NOTHING
    dense = not thinned and bool(lines) and len(found) ** 2 / lines >= WALK_BREAK_EVEN
    return Narrowing(key == any_(literal(found, ARRAY(Integer))), few=True, exact=True, dense=dense)


def _few_sqlite(s: Session, key: ColumnElement[int], candidates: str, match: str,
                cap: int | None = None) -> Narrowing | None:
    """SQLite: the lines FTS5 finds for ``match`` as a list of ids when under ``cap`` (``DRIVE_LIMIT`` unless
    said; the index is then asked once), else None, having read no more.

    The ids go back as one JSON array that ``json_each`` unpacks (SQLite's JSON functions are built in since 3.38):
    as an IN list SQLAlchemy binds one parameter per id, 9 ms of Python for "toyota je"'s 3,399."""
    found = _ids_under(s, candidates, {"match": match}, DRIVE_LIMIT if cap is None else cap)
    if found is None:
        return None
    if not found:
        return _NOTHING
    ids = select(column("value", Integer)).select_from(func.json_each(literal(json.dumps(found))))
    return Narrowing(key.in_(ids), few=True)


def _ids_under(s: Session, candidates: str, params: dict[str, str], cap: int) -> Sequence[int] | None:
    """The ids the ``candidates`` query finds, or None when there are ``cap`` or more (no more are read)."""
    found = s.scalars(text(f"{candidates} LIMIT :cap"), {**params, "cap": cap}).all()
    return None if len(found) >= cap else found


def _match(groups: list[list[str]]) -> str:
    """An FTS5 query: each group must match one of its strings."""
    return " AND ".join("(" + " OR ".join(map(_phrase, group)) + ")" for group in groups)


def _lines_holding(words: Sequence[str], line: str = "doc", checked: int | None = None) -> tuple[str, dict[str, str]]:
    """PostgreSQL's condition that a search table's lower-cased ``line`` holds every word (but word ``checked``,
    which the query checks already: "TRUE" when it is the only one), and the parameters of all of them."""
    params = {f"w{i}": _like_pattern(w) for i, w in enumerate(words)}
    return " AND ".join([f"{line} LIKE lower(:w{i}) ESCAPE '/'" for i in range(len(words)) if i != checked]
                        or ["TRUE"]), params


def lines_holding_pg(table: str, words: Sequence[str], sampled: Sequence[int], sampled_lines: int = 0,
                     keys: Sequence[str] = ()) -> tuple[str, dict[str, str]]:
    """PostgreSQL: a SELECT of the ids of ``table``'s lines that hold every word, written so the indexes find them
    (and of the line's ``keys`` columns after the id, when given).

    Every word is checked on each line found (``doc || ''`` keeps that check out of the index), and one word
    finds the lines: each more word handed to the index would add the bitmap of every line holding it. That is
    the rarest word in the sample (``sampled``: each word's count) of three letters or more, through the trigram
    index; with none, the short word ``_short_lookups`` serves best. A word with no lookup at all (punctuation)
    leaves the lines to be read in one pass.

    Except when that word is common (``PAIR_JOIN_SHARE`` of the ``sampled_lines`` or more) and a two-letter
    word is not much commoner (``PAIR_JOIN_RATIO``), as when someone types a make and the start of a name:
    "chevrolet ph" read the 110,000 lines holding "chevrolet" at a million appointments to keep 4,590 (56 ms).
    The pair's lookup then goes to the index too, which hands over only the lines holding both (22 ms); the
    lines with a character outside ASCII, where the pair may stand before one, are added from their own small
    index. A commoner pair pays too: "hyundai je" (60,000 lines hold "hyundai", 83,000 "je") took 38 ms
    alone and 15 ms with its pair; "mercedes-benz he" (30,000 and 414,000) is faster alone.
    """
    holding, params = _lines_holding(words, line="(doc || '')")
    ids = ", ".join(["id", *keys])  # what each part selects
    long_words = [i for i, w in enumerate(words) if len(w) >= TRIGRAM]
    if long_words:
        rarest = min(long_words, key=lambda i: (sampled[i], -len(words[i])))
        driving = f"doc LIKE lower(:w{rarest}) ESCAPE '/'"
        others, _ = _lines_holding(words, line="(doc || '')", checked=rarest)  # the driving word is checked
        common = sampled_lines and sampled[rarest] >= PAIR_JOIN_SHARE * sampled_lines
        pairs = [lookup for i, w in enumerate(words) if common and sampled[i] < PAIR_JOIN_RATIO * sampled[rarest]
                 and (lookup := _ascii_pair(w, i, params))]
        if not pairs:
            return f"SELECT {ids} FROM {table} WHERE {driving} AND {others}", params
        # UNION ALL: a line in both parts is named twice, harmless for the ids' lookup, and the LIMIT still stops
        # the reading early, where UNION would sort every line first. Read with its keys to be sorted, a line
        # named twice would be listed twice, so the second part then leaves out the lines the first one finds.
        both = " AND ".join([driving, *(f"({lookup})" for lookup in pairs)])
        rest = f"{UNUSUAL} AND {holding}" + (f" AND NOT ({' AND '.join(pairs)})" if keys else "")
        return (f"SELECT {ids} FROM (SELECT {ids}, doc FROM {table} WHERE {both} UNION ALL SELECT {ids}, doc "
                f"FROM {table} WHERE {rest}) AS lines WHERE {others}", params)
    lookups = [(len(found), sampled[i], found) for i, w in enumerate(words) if (found := _short_lookups(w, i, params))]
    if not lookups:
        return f"SELECT {ids} FROM {table} WHERE {holding}", params
    best = min(lookups, key=lambda lookup: lookup[:2])[2]  # the fewest lookups, then the rarest word
    if len(best) == 1:
        return f"SELECT {ids} FROM {table} WHERE ({best[0]}) AND {holding}", params
    # One SELECT per lookup: ORed in one WHERE, the planner reads every line instead (42 s for a lone letter).
    lines = " UNION ".join(f"SELECT {ids}, doc FROM {table} WHERE {lookup}" for lookup in best)
    return f"SELECT {ids} FROM ({lines}) AS lines WHERE {holding}", params


def _short_lookups(word: str, i: int, params: dict[str, str]) -> list[str] | None:
    """Index lookups that together name every line holding a word shorter than a trigram (adding their
    parameters to ``params``), or None when there are none.

    pg_trgm can't look such a word up itself (``LIKE '%qz%'`` reads every entry of the index: 2.9 s among a
    million appointments). A word outside ASCII can only be in a line holding such a character: migration
    0012's partial index lists those lines (``UNUSUAL``; none in most shops), and they are in every answer
    below. Two letters or digits are followed by some ASCII character, whose trigrams the index has (a line
    ends in two spaces). A lone letter or digit starts a word (written out as the ASCII characters before it: with ``[^a-z0-9]``
    the planner expects every entry read and reads the table), or is the second of such a pair: one pair per
    letter or digit before it (36 lookups of a few entries each: "q" in 2 ms instead of a 100 ms pass over
    200,000 lines).
    """
    pair = word.lower()
    if not pair.isascii():
        return [UNUSUAL]
    if not pair.isalnum():
        return None
    if len(pair) == 2:
        return [_pair_lookup(pair, f"{i}", params) + f" OR {UNUSUAL}"]
    params[f"s{i}"] = r"(^|[\x01-/:-@[-`{-\x7f])" + pair  # after the line's start or ASCII that is no letter or digit
    return [f"doc ~ :s{i} OR {UNUSUAL}",
            *(_pair_lookup(before + pair, f"{i}_{n}", params) for n, before in enumerate(WORD_CHARACTERS))]


def _ascii_pair(word: str, i: int, params: dict[str, str]) -> str | None:
    """The lookup of a two-letter (or digit) ASCII word without the lines outside ASCII; None for other words."""
    pair = word.lower()
    return _pair_lookup(pair, f"{i}", params) if len(pair) == 2 and pair.isascii() and pair.isalnum() else None


def _pair_lookup(pair: str, name: str, params: dict[str, str]) -> str:
    """The lines where two letters or digits are followed by an ASCII character.

    Every search line ends in two spaces (its triggers write it so, since the migrations that made the tables),
    so a pair never ends one: the lookup of the lines ending in the pair (``LIKE '%ph'``) found nothing and cost
    4 ms of "chevrolet ph"'s 22."""
    params[f"r{name}"] = pair + r"[\x01-\x7f]"
    return f"doc ~ :r{name}"


def _phrase(word: str) -> str:
    """``word`` as an FTS5 string: a trigram table matches it as a substring, whatever characters it holds."""
    return '"' + word.replace('"', '""') + '"'


def holds_every(line: ColumnElement[str], words: Sequence[str], sqlite: bool) -> list[ColumnElement[bool]]:
    """The rule on ``line`` (on PostgreSQL lower-cased already, as the search table's lines are): it holds every
    word, ignoring ASCII case (LIKE, its wildcards taken literally)."""
    patterns = [literal(_like_pattern(w)) if sqlite else func.lower(literal(_like_pattern(w))) for w in words]
    return [line.like(pattern, escape="/") for pattern in patterns]


def _like_pattern(word: str) -> str:
    """``%word%`` with LIKE's wildcards (and the escape character) taken literally."""
    escaped = word.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return f"%{escaped}%"


APPOINTMENT_SEARCH = SearchIndex("appointment_search")
CALLBACK_SEARCH = SearchIndex("callback_search")
#: The customer directory's: name, phone, e-mail and plates per customer (migration 0007).
DIRECTORY_SEARCH = SearchIndex("directory_search")
