"""PostgreSQL: what ranking needs, computed when a page is indexed, and the top k of a query.

Ranking reads no tsvector. When index entries are written, triggers (`search_posting_insert`
and its two siblings, migration 0005) store one posting per distinct word of an entry in
`search_posting`: the word, the entry, and the entry's *impact* for the word — BM25F without
the word's rarity:

    impact = factor(entry) * tf' * (K1 + 1) / (K1 + tf'),
    tf'    = sum over the fields of FIELD_WEIGHTS[field] * tf / (1 - B + B * length / average),

where tf is how often the field holds the word and length the field's length in words (both
read from the entry's weighted tsvector, so exactly what the GIN index matches), `average`
the field's average length (`IndexState`, taken when a rebuild starts), and factor the
validity and page-type factors of `search.backends.database` (`search_rank_factor()`). A
query's score for an entry is then

    COVERAGE_STEP * (words held) + sum over the words of max over the word's forms of
        weight(form) * sum over the form's terms of idf(term) * impact(term, entry),

less OTHER_NAME_STEP for each word held only under another of its names, the weights as
`Ranking` says (a word found only in another form, or held as typed, counts fully), plus
EXACT_NUMBER_BONUS when the query names the entry's document or index number. The
rarity `idf = ln(1 + (N - df + 0.5) / (df + 0.5))` is applied at query time, from
`search_termstat` (document frequencies of the words in at least STATISTICS_MIN_DF entries,
refreshed by a rebuild and by the daily `search_index statistics`) or, for a word missing
there (rare, or new since), counted from its postings — so a new page never waits for a
rebuild to rank, and only the average lengths and the common words' frequencies go a day
stale.

The top k is found over *all* matches, exactly (`top_k`):
- few matches (at most DIRECT_LIMIT, counted by the first pass): every match is read from the
  GIN index and scored from its postings;
- many: the threshold algorithm (Fagin et al.) over the postings of each term in impact order,
  in rounds: read the next `depth` postings of every term (0.2 µs apiece), look up the entries
  that could still reach the top k (their postings of every term, whether their page passes
  the filters, whether a form of several words stands as a phrase), and stop when the k-th
  best score is above the most any entry not looked up could still score.
Its answer equals scoring every match and sorting (tested against that on PostgreSQL), ties
broken by newer publication date, then higher entry id.
"""

import math
from dataclasses import dataclass, field

# BM25F: saturation, length normalisation, and the fields' weights in the order of the
# tsvector's weights A (title), B (numbers, issuer, summary), C (body), D (attachments).
K1 = 1.2
B = 0.75
FIELD_WEIGHTS = (8.0, 3.0, 1.0, 0.4)
# Words held by at least this many entries have their document frequency kept in
# search_termstat; rarer words are counted at query time (cheap: few postings).
STATISTICS_MIN_DF = 50
LIVE_COUNT_CAP = 20_000  # a word missing from the statistics is counted this far at most
DIRECT_LIMIT = 500  # at most this many matches: score every one (some 15 µs each)
FIRST_DEPTH = 1000  # postings read per term in the first round (then doubling)
LOOKUP_BATCH = 100
LOOKUPS_PER_ROUND = 5  # (these three by bench_search: p95 30 ms against 35 with 500, 40, 3)
DOCUMENT_COUNT_TERM = ""  # the statistics row holding the number of entries (no word is "")


def impact_function_sql() -> str:
    """`search_posting_impact(tf A–D, length A–D, average A–D)`: the saturated, length-
    normalised weighted term frequency, with this module's constants."""
    parts = []
    for number, weight in enumerate(FIELD_WEIGHTS, 1):
        parts.append(f"{weight} * $1[{number}] / (1 - {B} + {B} * $2[{number}] "
                     f"/ GREATEST($3[{number}], 1))")
    return f"""CREATE OR REPLACE FUNCTION search_posting_impact(
                   float8[], float8[], float8[]) RETURNS float8
               LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
               SELECT x * {K1 + 1} / ({K1} + x) FROM (SELECT {" + ".join(parts)} AS x) AS s
               $$"""  # noqa: S608 - numbers from this module


def factor_function_sql() -> str:
    """`search_rank_factor(kind, validity)`: the factors of `search.backends.database`."""
    from search.backends.database import KIND_FACTOR, VALIDITY_FACTOR

    def cases(factors):
        return " ".join(f"WHEN {_literal(label)} THEN {float(value)}"
                        for label, value in factors.items())

    return f"""CREATE OR REPLACE FUNCTION search_rank_factor(text, text) RETURNS float8
               LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
               SELECT (CASE $1 {cases(KIND_FACTOR)} ELSE 1.0 END)
                    * (CASE $2 {cases(VALIDITY_FACTOR)} ELSE 1.0 END)
               $$"""  # noqa: S608 - numbers from this module


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def postings_of(source: str, condition: str = "") -> str:
    """INSERT of the postings of the entries `e` of `source` (the table, or a trigger's
    transition table) meeting `condition`: per word of the weighted tsvector its tf per field
    (the weights A–D) and, summed over the words, the fields' lengths; the averages; the
    factors."""
    counts = {field: f"COUNT(*) FILTER (WHERE w = '{letter}')"
              for field, letter in (("a", "A"), ("b", "B"), ("c", "C"), ("d", "D"))}
    return f"""
INSERT INTO search_posting (entry_id, generation, term, impact)
SELECT e.id, e.generation, t.lexeme,
       (search_posting_impact(ARRAY[t.a, t.b, t.c, t.d], ARRAY[t.la, t.lb, t.lc, t.ld],
                              COALESCE((SELECT ARRAY[average_title_length, average_meta_length,
                                                     average_body_length,
                                                     average_attachment_length]
                                        FROM search_indexstate WHERE id = 1),
                                       ARRAY[1, 1, 1, 1]::float8[]))
        * search_rank_factor(e.kind, e.validity))::real
FROM {source},
     LATERAL (SELECT v.lexeme,
                     {", ".join(f"{sql}::float8 AS {name}" for name, sql in counts.items())},
                     {", ".join(f"(SUM({sql}) OVER ())::float8 AS l{name}"
                                for name, sql in counts.items())}
              FROM unnest(e.search_vector) AS v, unnest(v.weights) AS w
              GROUP BY v.lexeme) AS t
{condition}"""  # noqa: S608 - SQL of this module only


# What changes an entry's postings.
_CHANGED = """(e.search_vector IS DISTINCT FROM o.search_vector OR e.kind IS DISTINCT FROM o.kind
               OR e.validity IS DISTINCT FROM o.validity OR e.generation <> o.generation)"""

# The triggers: an entry's postings follow its tsvector, type, validity and generation. They
# run once per statement over its rows (transition tables), so a rebuild's bulk insert of 500
# entries writes their postings in one set-based INSERT.
SYNC_FUNCTIONS = (f"""
CREATE OR REPLACE FUNCTION search_posting_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {postings_of("new_rows e")};
    RETURN NULL;
END
$$""",
                  f"""
CREATE OR REPLACE FUNCTION search_posting_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM search_posting p USING new_rows e JOIN old_rows o ON o.id = e.id
    WHERE p.entry_id = o.id AND {_CHANGED};
    {postings_of("new_rows e JOIN old_rows o ON o.id = e.id", "WHERE " + _CHANGED)};
    RETURN NULL;
END
$$""",  # noqa: S608 - SQL of this module only
                  """
CREATE OR REPLACE FUNCTION search_posting_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM search_posting p USING old_rows o WHERE p.entry_id = o.id;
    RETURN NULL;
END
$$""")
TRIGGERS = (
    """CREATE TRIGGER search_posting_insert AFTER INSERT ON search_indexentry
       REFERENCING NEW TABLE AS new_rows
       FOR EACH STATEMENT EXECUTE FUNCTION search_posting_insert()""",
    """CREATE TRIGGER search_posting_update AFTER UPDATE ON search_indexentry
       REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
       FOR EACH STATEMENT EXECUTE FUNCTION search_posting_update()""",
    """CREATE TRIGGER search_posting_delete AFTER DELETE ON search_indexentry
       REFERENCING OLD TABLE AS old_rows
       FOR EACH STATEMENT EXECUTE FUNCTION search_posting_delete()""",
)
TABLES = """
CREATE TABLE search_posting (
    entry_id bigint NOT NULL,
    generation integer NOT NULL,
    term text NOT NULL,
    impact real NOT NULL
);
CREATE TABLE search_termstat (
    generation integer NOT NULL,
    term text NOT NULL,
    df integer NOT NULL,
    PRIMARY KEY (term, generation)
)"""
# By entry: the trigger's delete and the look-ups (index-only, with the impact); by term in
# impact order: the threshold algorithm's reads (backwards).
INDEXES = """
ALTER TABLE search_posting ADD PRIMARY KEY (entry_id, term) INCLUDE (impact);
CREATE INDEX search_posting_by_impact ON search_posting (term, generation, impact, entry_id)"""
# The postings of every entry already indexed, as the triggers would write them.
BACKFILL = postings_of("search_indexentry e")


def install_functions(cursor) -> None:
    """(Re)create the SQL functions from this module's constants and the rank factors; run by
    the migration and after every `migrate` (search.apps), so that the database never ranks
    with other numbers than the code. Postings already stored keep the numbers they were
    made with until `search_index rebuild`."""
    cursor.execute(impact_function_sql())
    cursor.execute(factor_function_sql())
    for sql in SYNC_FUNCTIONS:
        cursor.execute(sql)


AVERAGE_COLUMNS = ("average_title_length", "average_meta_length", "average_body_length",
                   "average_attachment_length")
AVERAGE_DRIFT = 0.25  # a field's average moved this much: the postings are made again


def refresh_averages(cursor, generation: int) -> bool:
    """Store the fields' average lengths in words over `generation` (when it has entries), for
    the postings written from now on; say whether one of them moved by more than
    AVERAGE_DRIFT."""
    cursor.execute(f"SELECT {', '.join(AVERAGE_COLUMNS)} FROM search_indexstate WHERE id = 1")  # noqa: S608
    before = cursor.fetchone()
    cursor.execute("""
        SELECT AVG(COALESCE(array_length(string_to_array(NULLIF(title_tokens, ''), ' '), 1), 0)),
               AVG(COALESCE(array_length(string_to_array(NULLIF(meta_tokens, ''), ' '), 1), 0)),
               AVG(COALESCE(array_length(string_to_array(NULLIF(body_tokens, ''), ' '), 1), 0)),
               AVG(COALESCE(array_length(string_to_array(NULLIF(attachment_tokens, ''), ' '), 1),
                            0)),
               COUNT(*)
        FROM search_indexentry WHERE generation = %s""", [generation])
    *after, entries = cursor.fetchone()
    if before is None or not entries:
        return False
    after = [float(value) for value in after]
    cursor.execute(f"UPDATE search_indexstate SET {', '.join(f'{name} = %s' for name in AVERAGE_COLUMNS)} "  # noqa: S608
                   "WHERE id = 1", after)
    # Below one word a field's average is taken as one (search_posting_impact).
    return any(abs(max(new, 1) - max(old, 1)) > AVERAGE_DRIFT * max(old, 1)
               for old, new in zip(before, after, strict=True))


def remake_postings(cursor, generation: int) -> None:
    """Every posting of `generation` again, with today's averages and functions."""
    cursor.execute("DELETE FROM search_posting WHERE generation = %s", [generation])
    cursor.execute(BACKFILL + " WHERE e.generation = %s", [generation])


def refresh_statistics(cursor, generation: int) -> int:
    """Renew the average lengths (making the postings again when they moved much: a young
    site's, say), the document frequencies of the common words and the number of entries of
    `generation`; say how many words are kept."""
    if refresh_averages(cursor, generation):
        remake_postings(cursor, generation)
    cursor.execute("DELETE FROM search_termstat WHERE generation = %s", [generation])
    cursor.execute("""INSERT INTO search_termstat (generation, term, df)
        SELECT %s, term, COUNT(*) FROM search_posting WHERE generation = %s
        GROUP BY term HAVING COUNT(*) >= %s""", [generation, generation, STATISTICS_MIN_DF])
    words = cursor.rowcount
    cursor.execute("""INSERT INTO search_termstat (generation, term, df)
        SELECT %s, %s, COUNT(*) FROM search_indexrow WHERE generation = %s""",
                   [generation, DOCUMENT_COUNT_TERM, generation])
    return words


def idf_by_term(cursor, generation: int, terms: list[str]
                ) -> tuple[dict[str, float], dict[str, int]]:
    """The rarity of each term in `generation`, and how many entries hold it, from the
    statistics or counted."""
    cursor.execute("SELECT term, df FROM search_termstat WHERE generation = %s AND term = ANY(%s)",
                   [generation, [*terms, DOCUMENT_COUNT_TERM]])
    known = dict(cursor.fetchall())
    documents = known.pop(DOCUMENT_COUNT_TERM, None)
    if documents is None:
        cursor.execute("SELECT COUNT(*) FROM search_indexrow WHERE generation = %s", [generation])
        documents = cursor.fetchone()[0]
    missing = [term for term in terms if term not in known]
    if missing:
        cursor.execute("""SELECT t, (SELECT COUNT(*) FROM (SELECT 1 FROM search_posting
                                     WHERE term = t AND generation = %s LIMIT %s) AS p)
                          FROM unnest(%s::text[]) AS t""",
                       [generation, LIVE_COUNT_CAP, missing])
        known.update(cursor.fetchall())
    documents = max(documents, *known.values(), 1)
    return {term: math.log(1 + (documents - known[term] + 0.5) / (known[term] + 0.5))
            for term in terms}, known


# --- the top k ---------------------------------------------------------------------------------

@dataclass
class Form:
    """One form of a word (an alternative of a group): the terms it needs, and, when one of
    its phrases has several terms, the tsquery that checks they stand together."""

    group: int
    weight: float
    terms: tuple[str, ...]
    check_sql: str = ""
    check_params: list = field(default_factory=list)
    check_column: int = -1  # where the lookup returns the check


@dataclass
class Ranking:
    """What a search needs to score entries from their postings."""

    forms: list[Form]
    groups: int
    wanted: int  # groups an entry must hold to match (an exact number match needs none)
    multiplier: dict[tuple[int, str], float]  # (form index, term) -> weight * idf
    terms: list[str]
    keys_sql: str  # true for an exact document- or index-number match (on `n`)
    keys_params: list
    predicate_sql: str  # true for an entry that passes the filters (on `n`)
    predicate_params: list
    coverage_step: float = 0.0  # database.COVERAGE_STEP
    exact_bonus: float = 0.0  # database.EXACT_NUMBER_BONUS
    # (form index, term) -> idf: on a page that holds a word as typed, each of its forms
    # counts fully (a title saying 预约诊疗 over a text saying 预约挂号 is about 预约挂号).
    unweighted: dict[tuple[int, str], float] = field(default_factory=dict)
    scale: dict[int, float] = field(default_factory=dict)  # per group: its weights raised by
    # A word held only under another name (its best form weighing less than `named_weight`
    # once scaled) costs `other_name_step` of the words-held step (database.OTHER_NAME_STEP).
    other_name_step: float = 0.0
    named_weight: float = 1.0

    def form_value(self, number: int, impacts: list[float], typed: bool = False) -> float:
        """What a form adds for an entry with these impacts of its terms (`typed`: the entry
        holds the word as typed): a form of several terms counts as its terms would typed
        apart, as BM25 scores a phrase query (on the judged set 0.950 against 0.942 for the
        rarest term's idf times the smallest impact)."""
        table = self.unweighted if typed else self.multiplier
        return sum(table[number, term] * impact
                   for term, impact in zip(self.forms[number].terms, impacts, strict=True))

    def score(self, postings: dict[str, float], checks: dict[int, bool], exact: bool):
        """The score of an entry with these postings of the query's terms and these phrase
        checks, or None when it does not match."""
        held: dict[int, list[int]] = {}
        for number, form in enumerate(self.forms):
            if not all(term in postings for term in form.terms):
                continue
            if form.check_sql and not checks.get(number, False):
                continue
            held.setdefault(form.group, []).append(number)
        if len(held) < self.wanted and not exact:
            return None
        total, named = 0.0, 0
        for group in sorted(held):
            numbers = held[group]
            typed = any(self.forms[number].weight >= 1 for number in numbers)
            total += max(self.form_value(number, [postings[term] for term in
                                                  self.forms[number].terms], typed)
                         for number in numbers)
            if typed or max(self.forms[number].weight for number in numbers) \
                    * self.scale.get(group, 1.0) >= self.named_weight:
                named += 1
        total += self.coverage_step * len(held) - self.other_name_step * (len(held) - named)
        return total + (self.exact_bonus if exact else 0)


def plan_ranking(cursor, generation: int, alternatives: list[list[tuple[str, list, float]]],
                 wanted: int, keys: tuple[str, list], predicate: tuple[str, list]) -> Ranking:
    """A Ranking for the query: `alternatives` as `database.pg_alternative_tsqueries` gives
    them (per group, per form: its tsquery SQL, the phrase texts, its weight)."""
    texts = sorted({text for group in alternatives for _sql, params, _w in group
                    for text in params})
    lexemes: dict[str, list[str]] = {}
    if texts:
        cursor.execute("""SELECT t, ARRAY(SELECT lexeme FROM unnest(to_tsvector('simple', t)))
                          FROM unnest(%s::text[]) AS t""", [texts])
        lexemes = {text: list(found) for text, found in cursor.fetchall()}
    forms: list[Form] = []
    for group_number, group in enumerate(alternatives):
        for sql, params, weight in group:
            terms, several = [], False
            for text in params:
                found = lexemes.get(text, [])
                several = several or len(found) > 1
                terms += [term for term in found if term not in terms]
            if not terms:
                continue  # nothing a page could hold (punctuation only)
            forms.append(Form(group_number, float(weight), tuple(terms),
                              sql if several else "", list(params) if several else []))
    terms = sorted({term for form in forms for term in form.terms})
    idf, held_by = idf_by_term(cursor, generation, terms) if terms else ({}, {})
    # A word the site writes only in another of its forms (the word as typed is on no page:
    # 看牙, 卫计委) counts as much as the other words typed: the best form found stands for it
    # in full, the others keep their order below it (as on SQLite).
    scale = {}
    for group in range(len(alternatives)):
        found = [form.weight for form in forms
                 if form.group == group and all(held_by[term] for term in form.terms)]
        scale[group] = 1 / max(found) if found else 1.0
    multiplier = {(number, term): form.weight * scale[form.group] * idf[term]
                  for number, form in enumerate(forms) for term in form.terms}
    unweighted = {(number, term): idf[term] for number, form in enumerate(forms)
                  for term in form.terms}
    from search.backends.database import COVERAGE_STEP, EXACT_NUMBER_BONUS, OTHER_NAME_STEP
    from search.query import ABBREVIATION_WEIGHT

    return Ranking(forms, len(alternatives), wanted, multiplier, terms, *keys, *predicate,
                   coverage_step=COVERAGE_STEP, exact_bonus=EXACT_NUMBER_BONUS,
                   unweighted=unweighted, scale=scale, other_name_step=OTHER_NAME_STEP,
                   named_weight=ABBREVIATION_WEIGHT)


@dataclass
class _Candidate:
    score: float
    published: int  # days since year 1, 0 undated
    entry: int

    @property
    def key(self):
        return (self.score, self.published, self.entry)


def _lookup(cursor, ranking: Ranking, generation: int, entries: list[int]):
    """For each entry: (passes the filters, is an exact number match, published day, its
    postings of the query's terms, the phrase checks)."""
    checks, check_params = [], []
    for form in ranking.forms:
        if form.check_sql:
            form.check_column = len(checks)
            checks.append(f"n.search_vector @@ ({form.check_sql})")
            check_params += form.check_params
    check_columns = "".join(f", {sql}" for sql in checks)
    cursor.execute(f"""
        SELECT n.id, ({ranking.predicate_sql}), ({ranking.keys_sql}),
               (n.published_on - DATE '0001-01-01'), p.terms, p.impacts {check_columns}
        FROM search_indexrow n
        LEFT JOIN LATERAL (SELECT array_agg(s.term) AS terms, array_agg(s.impact) AS impacts
                           FROM search_posting s
                           WHERE s.entry_id = n.id AND s.term = ANY(%s)) AS p ON true
        WHERE n.id = ANY(%s) AND n.generation = %s""",  # noqa: S608
                   [*ranking.predicate_params, *ranking.keys_params, *check_params,
                    ranking.terms, entries, generation])
    for row in cursor.fetchall():
        entry, passes, exact, day, terms, impacts = row[:6]
        found = row[6:]
        form_checks = {number: bool(found[form.check_column])
                       for number, form in enumerate(ranking.forms) if form.check_sql}
        yield entry, bool(passes), bool(exact), (day or 0) + (1 if day is not None else 0), \
            dict(zip(terms or (), impacts or (), strict=True)), form_checks


def score_entries(cursor, ranking: Ranking, generation: int, entries: list[int]
                  ) -> list[_Candidate]:
    """The matches among `entries`, scored."""
    scored = []
    for start in range(0, len(entries), 1000):
        for entry, passes, exact, day, postings, checks in _lookup(
                cursor, ranking, generation, entries[start:start + 1000]):
            if not passes:
                continue
            score = ranking.score(postings, checks, exact)
            if score is not None:
                scored.append(_Candidate(score, day, entry))
    return scored


def best(candidates: list[_Candidate], k: int) -> list[int]:
    candidates.sort(key=lambda candidate: candidate.key, reverse=True)
    return [candidate.entry for candidate in candidates[:k]]


def top_k(cursor, ranking: Ranking, generation: int, k: int, exact_entries: list[int]
          ) -> list[int]:
    """The k best matches by the ranking, over all entries of `generation` (module docstring),
    best first; `exact_entries` are the entries whose number the query names."""
    settled: dict[int, _Candidate | None] = {}  # entry -> its score, None: not a match
    top: list[_Candidate] = []

    def settle(candidates_found):
        for candidate in candidates_found:
            top.append(candidate)
        top.sort(key=lambda candidate: candidate.key, reverse=True)
        del top[k:]

    def look_up(entries):
        found = score_entries(cursor, ranking, generation, entries)
        for entry in entries:
            settled[entry] = None
        for candidate in found:
            settled[candidate.entry] = candidate
        settle(found)

    if exact_entries:
        look_up(exact_entries)
    if not ranking.terms:
        return [candidate.entry for candidate in top]
    # Per term: where its reading stopped, whether it is read to the end, and (room) the
    # last impact read; per entry read in some list and not looked up yet: its impacts.
    # the last impact read, None once read to the end
    room: dict[str, float | None] = dict.fromkeys(ranking.terms, math.inf)
    read_to: dict[str, tuple[float, int] | None] = {term: None for term in ranking.terms}
    exhausted: set[str] = set()
    seen: dict[int, dict[str, float]] = {}  # entries read in some list, not yet looked up
    depth = FIRST_DEPTH

    # Per group, its forms as (terms, weighted multipliers, full multipliers, as typed).
    by_group: list[list[tuple]] = [[] for _group in range(ranking.groups)]
    for number, form in enumerate(ranking.forms):
        by_group[form.group].append((
            form.terms, [ranking.multiplier[number, term] for term in form.terms],
            [ranking.unweighted[number, term] for term in form.terms], form.weight >= 1))

    def bound(postings: dict[str, float] | None) -> float:
        """The most an entry could score whose impacts read so far are `postings` (None: an
        entry in no list read so far): a term not read with it at the impact last read, none
        once its list is read to the end; the word as typed held, if it could be (then every
        form counts fully); the word named (no OTHER_NAME_STEP)."""
        total, held = 0.0, 0
        for forms in by_group:
            weighted = full = -1.0
            typed = False
            for terms, multipliers, unweighted, as_typed in forms:
                value = value_full = 0.0
                for term, multiplier, multiplier_full in zip(terms, multipliers, unweighted,
                                                             strict=True):
                    impact = postings.get(term) if postings else None
                    if impact is None:
                        impact = room[term]
                        if impact is None:
                            break
                    value += multiplier * impact
                    value_full += multiplier_full * impact
                else:
                    typed = typed or as_typed
                    weighted = max(weighted, value)
                    full = max(full, value_full)
            if weighted >= 0:
                held += 1
                total += full if typed else weighted
        if held < ranking.wanted:
            return -math.inf
        return (ranking.coverage_step * held + total) * (1 + 1e-9) + 1e-9

    while True:
        parts, params = [], []
        reading = [term for term in ranking.terms if term not in exhausted]
        for number, term in enumerate(reading):
            after = read_to[term]
            condition = "AND (impact, entry_id) < (%s::real, %s)" if after else ""
            parts.append(f"""(SELECT {number}, entry_id, impact FROM search_posting
                WHERE term = %s AND generation = %s {condition}
                ORDER BY impact DESC, entry_id DESC LIMIT %s)""")  # noqa: S608
            params += [term, generation, *(after or ()), depth]
        if parts:
            cursor.execute(" UNION ALL ".join(parts), params)
            got = dict.fromkeys(reading, 0)
            for number, entry, impact in cursor.fetchall():
                term = reading[number]
                got[term] += 1
                if read_to[term] is None or (impact, entry) < read_to[term]:
                    read_to[term] = (impact, entry)
                if entry not in settled:
                    seen.setdefault(entry, {})[term] = impact
            for term in reading:
                if got[term] < depth:
                    exhausted.add(term)
                    room[term] = None
                elif read_to[term] is not None:
                    room[term] = read_to[term][0]
        # Look up the entries that could still beat the k-th, the likeliest first. Their
        # bounds hold until more postings are read; the k-th only rises meanwhile.
        threshold = top[-1].key[0] if len(top) >= k else -math.inf
        bounds = []
        for entry, postings_read in list(seen.items()):
            upper = bound(postings_read)
            if upper < threshold:  # bounds only fall: it never will
                del seen[entry]
            else:
                bounds.append((upper, entry))
        bounds.sort(reverse=True)
        position = 0
        for _round in range(LOOKUPS_PER_ROUND):
            threshold = top[-1].key[0] if len(top) >= k else -math.inf
            batch = []
            while position < len(bounds) and len(batch) < max(LOOKUP_BATCH, k) \
                    and bounds[position][0] >= threshold:
                batch.append(bounds[position][1])
                del seen[bounds[position][1]]
                position += 1
            if not batch:
                break
            look_up(batch)
        threshold = top[-1].key[0] if len(top) >= k else -math.inf
        unseen = bound(None) if len(exhausted) < len(ranking.terms) else -math.inf
        pending = position < len(bounds) and bounds[position][0] >= threshold
        if (len(top) >= k and threshold > unseen and not pending) \
                or (len(exhausted) == len(ranking.terms) and not seen):
            return [candidate.entry for candidate in top]
        depth *= 2

