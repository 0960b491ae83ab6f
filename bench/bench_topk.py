"""Prototype measurement (issue 16): exact top-10 over all matches from precomputed impacts.

Question answered: can PostgreSQL rank *every* match of a common two-word query by BM25 within
the 50 ms budget, if what ranking needs is computed when a page is indexed rather than at query
time? Run against the database `bench/bench_search.py` built (100,000 documents, rebuilt index):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/search_bench \
        .venv/bin/python bench/bench_topk.py [--build] [--queries 300] [--runs 3] [--compare]

`--build` (once) derives, in SQL, from the active generation's token columns of
`search_indexentry` (title, numbers and metadata, body, attachments) a table
`bench_topk_posting (term, entry, impact)`: per term and entry the BM25F impact

    idf(term) * tf' * (k1 + 1) / (k1 + tf') * factor(entry),
    tf' = sum over fields of weight_f * tf_f / (1 - b + b * length_f / average length_f),

with factor the validity and page-type factors of `search/backends/database.py` folded in
(they are per page, so the page's score is still the sum of its impacts), and two indexes:
(term, impact, entry) read backwards for impact order, (term, entry) INCLUDE (impact) for
random access.

A query's top k is found by the threshold algorithm (Fagin's TA; here its variant that reads
the lists in order and looks up only where it must) in rounds: read the next `depth` postings
of each query word in impact order (FIRST_DEPTH, then doubling; reading is cheap, some 0.2 µs
a posting, where a random access costs some 5 µs); an entry seen in every word's list (or whose
other words' lists are read to the end) has its exact score (COVERAGE_STEP per word held, then
the sum of impacts); an entry seen in some lists only and whose best possible score could still
beat the k-th is looked up by random access, the likeliest first, a few dozen at a time; stop
when the k-th best exact score is above what any entry not settled could reach (per word whose
lists are not read to the end, COVERAGE_STEP plus the impact last read). The answer is then
exactly the top k by this BM25 over all matches (ties by entry id on both sides). A cap on the
postings read per word bounds the worst case; the bench says how often it is hit and how well
the capped answer agrees with the exact one.

The exact answer is computed for comparison by aggregating all postings of the words (the
slow way). With `--compare`, the whole search (`DatabaseBackend.search`: plan, count pass,
ranking, visibility check, hits with snippets) is timed both ways on every query, alternating
which goes first: today's ranking (a window of 200 ts_ranks) and the TA over these postings in
its place; the count pass, which stays either way, is also timed apart. `--phases` shows
where the whole search with the TA spends its time, for the fastest half of the queries and
for the slowest 5 %.

Left out: queries in which an alternative of a word is a phrase of several tokens (the pieces
of a dictionary word, '委员 会' for 委员会, some 18 % of the bench's pairs), which one posting
list cannot answer; they are counted and printed. Facet filters and excluded pages are not
applied by the prototype's TA (the integrated timing checks visibility as today).
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from bench.bench_search import WORDS  # noqa: E402
from search.backends import (  # noqa: E402
    SearchRequest,
    database,  # noqa: E402
    get_backend,
)
from search.backends.database import COVERAGE_STEP, KIND_FACTOR, VALIDITY_FACTOR  # noqa: E402
from search.query import plan  # noqa: E402
from search.segmentation import is_single_character  # noqa: E402

K1, B = 1.2, 0.75
FIELD_WEIGHTS = (8.0, 3.0, 1.0, 0.4)  # title, numbers and metadata, body, attachments
FIRST_DEPTH = 1000
CAP = 16_000  # postings read per word at most
LOOKUPS, LOOKUP_BATCH = 3, 40  # per round: random accesses of the likeliest entries


def build(cursor):
    """The posting table and its indexes, from the active generation's token columns."""
    started = time.perf_counter()
    cursor.execute("DROP TABLE IF EXISTS bench_topk_tf, bench_topk_posting")
    cursor.execute("""CREATE UNLOGGED TABLE bench_topk_tf AS
        SELECT e.id AS entry, f.field, t.token AS term, COUNT(*)::int AS tf
        FROM search_indexentry e
        CROSS JOIN LATERAL (VALUES (0, e.title_tokens), (1, e.meta_tokens), (2, e.body_tokens),
                                   (3, e.attachment_tokens)) AS f(field, text)
        CROSS JOIN LATERAL unnest(string_to_array(f.text, ' ')) AS t(token)
        WHERE e.generation = (SELECT active_generation FROM search_indexstate WHERE id = 1)
          AND t.token <> ''
        GROUP BY 1, 2, 3""")
    validity = " ".join(f"WHEN '{label}' THEN {factor}" for label, factor in VALIDITY_FACTOR.items())
    kind = " ".join(f"WHEN '{label}' THEN {factor}" for label, factor in KIND_FACTOR.items())
    weights = "ARRAY[" + ", ".join(str(weight) for weight in FIELD_WEIGHTS) + "]"
    cursor.execute(f"""CREATE TABLE bench_topk_posting AS
        WITH lengths AS (SELECT entry, field, SUM(tf) AS length FROM bench_topk_tf GROUP BY 1, 2),
             documents AS (SELECT COUNT(*)::float AS n FROM search_indexentry
                           WHERE generation = (SELECT active_generation FROM search_indexstate
                                               WHERE id = 1)),
             averages AS (SELECT field, SUM(length) / (SELECT n FROM documents) AS average
                          FROM lengths GROUP BY field),
             df AS (SELECT term, COUNT(DISTINCT entry) AS df FROM bench_topk_tf GROUP BY term),
             saturated AS (
                SELECT t.term, t.entry,
                       SUM(({weights})[t.field + 1] * t.tf
                           / (1 - {B} + {B} * l.length / a.average)) AS tf
                FROM bench_topk_tf t JOIN lengths l USING (entry, field)
                JOIN averages a USING (field) GROUP BY 1, 2)
        SELECT s.term, s.entry,
               (ln(1 + ((SELECT n FROM documents) - df.df + 0.5) / (df.df + 0.5))
                * s.tf * {K1 + 1} / ({K1} + s.tf)
                * CASE e.validity {validity} ELSE 1 END * CASE e.kind {kind} ELSE 1 END)::real
                 AS impact
        FROM saturated s JOIN df USING (term) JOIN search_indexentry e ON e.id = s.entry""")  # noqa: S608
    cursor.execute("DROP TABLE bench_topk_tf")
    cursor.execute("CREATE INDEX bench_topk_by_impact ON bench_topk_posting (term, impact, entry)")
    cursor.execute("CREATE INDEX bench_topk_by_entry ON bench_topk_posting (term, entry) "
                   "INCLUDE (impact)")
    cursor.execute("VACUUM ANALYZE bench_topk_posting")
    cursor.execute("SELECT COUNT(*), pg_size_pretty(pg_total_relation_size('bench_topk_posting')) "
                   "FROM bench_topk_posting")
    count, size = cursor.fetchone()
    print(f"built {count} postings ({size} with indexes) in "
          f"{time.perf_counter() - started:.0f} s")


def query_terms(text: str) -> list[list[tuple[str, float]]] | None:
    """Per word group, its alternatives as (posting term, weight); None when an alternative is
    not one term (a phrase of several tokens: not handled by this prototype)."""
    groups = []
    query = plan(text)
    for group, weights in zip(query.groups, query.weights, strict=True):
        alternatives = []
        for alternative, weight in zip(group, weights, strict=True):
            if len(alternative) != 1:
                return None
            phrase = alternative[0]
            if len(phrase) == 1:
                alternatives.append((phrase[0], weight))
            elif len(phrase) == 2 and all(map(is_single_character, phrase)):
                alternatives.append(("".join(phrase), weight))  # indexed as the pair
            else:
                return None
        groups.append(alternatives)
    return groups


def exact_top(cursor, groups, k=10):
    """Top k by (words held, summed impact) over every posting of the words."""
    terms = {term: (g, w) for g, alternatives in enumerate(groups) for term, w in alternatives}
    cursor.execute("SELECT term, entry, impact FROM bench_topk_posting WHERE term = ANY(%s)",
                   [list(terms)])
    best: dict[int, dict[int, float]] = {}
    for term, entry, impact in cursor.fetchall():
        g, w = terms[term]
        held = best.setdefault(entry, {})
        held[g] = max(held.get(g, 0.0), w * impact)
    scored = sorted(((_score(held), entry) for entry, held in best.items()), reverse=True)
    return [entry for _score, entry in scored[:k]], len(best)


def _score(held: dict[int, float]) -> float:
    """Words held and their summed impacts, added in word order (the same float every time)."""
    return COVERAGE_STEP * len(held) + sum(held[g] for g in sorted(held))


def ta_top(cursor, groups, k=10, cap=CAP):
    """Top k by the threshold algorithm, reading the lists in impact order and looking up only
    the entries that could still make the top k; (entries, postings read, capped)."""
    lists = [(g, term, w) for g, alternatives in enumerate(groups) for term, w in alternatives]
    weight = {term: (g, w) for g, term, w in lists}
    every = range(len(groups))
    position = {term: None for _g, term, _w in lists}  # last (impact, entry) read
    exhausted = set()
    last_impact = {term: float("inf") for _g, term, _w in lists}
    read = {term: 0 for _g, term, _w in lists}
    known: dict[int, dict[int, float]] = {}  # per entry: what its lists have shown of it
    exact: dict[int, float] = {}  # entries whose every posting of the words is known
    top: list[tuple[float, int]] = []  # the k best exact (score, entry), best first
    depth = FIRST_DEPTH

    def settle(entry, score):
        exact[entry] = score
        if len(top) < k or (score, entry) > top[-1]:
            top.append((score, entry))
            top.sort(reverse=True)
            del top[k:]

    while True:
        parts, params = [], []
        for number, (_g, term, _w) in enumerate(lists):
            if term in exhausted:
                continue
            last = position[term]
            condition = "AND (impact, entry) < (%s::real, %s)" if last else ""
            parts.append(f"""(SELECT {number}, entry, impact FROM bench_topk_posting
                WHERE term = %s {condition} ORDER BY impact DESC, entry DESC LIMIT %s)""")  # noqa: S608
            params += [term, *(last or ()), depth]
        cursor.execute(" UNION ALL ".join(parts), params)
        got: dict[str, int] = {}
        touched = set()
        rows = cursor.fetchall()
        for number, entry, impact in rows:
            g, term, w = lists[number]
            value = w * impact
            held = known.get(entry)
            if held is None:
                known[entry] = {g: value}
            elif value > held.get(g, 0.0):
                held[g] = value
            touched.add(entry)
        for number, (_g, term, _w) in enumerate(lists):
            mine = [row for row in rows if row[0] == number] if len(lists) > 1 else rows
            if mine:
                got[term] = len(mine)
                position[term] = min((impact, entry) for _n, entry, impact in mine)
        newly_exhausted = False
        for _g, term, _w in lists:
            if term not in exhausted:
                read[term] += got.get(term, 0)
                if term in got:
                    last_impact[term] = position[term][0]
                if got.get(term, 0) < depth:
                    exhausted.add(term)
                    newly_exhausted = True
        # What a word not yet seen with an entry could still add: nothing once its lists are
        # read to the end, else a word's step and the impact last read.
        room = [0.0] * len(groups)
        for g in every:
            open_lists = [w * last_impact[term] for gg, term, w in lists
                          if gg == g and term not in exhausted]
            room[g] = COVERAGE_STEP + max(open_lists) if open_lists else 0.0
        unseen_bound = sum(room)
        # Entries whose score the lists alone settle.
        for entry in (known if newly_exhausted else touched):
            if entry not in exact:
                held = known[entry]
                if all(g in held or not room[g] for g in every):
                    settle(entry, _score(held))
        # Entries seen in some lists that could still beat the k-th: look the likeliest up,
        # a few at a time (reading deeper settles the others more cheaply).
        threshold = top[-1][0] if len(top) >= k else -1.0
        candidates = []
        total_room = sum(room)
        for entry, held in known.items():
            if entry not in exact:
                upper = (COVERAGE_STEP * len(held) + sum(held.values()) + total_room
                         - sum(room[g] for g in held)) + 1e-9  # no rounding below a tie
                if upper > threshold:
                    candidates.append((upper, entry))
        candidates.sort(reverse=True)
        looked = 0
        while candidates and looked < LOOKUPS * LOOKUP_BATCH:
            threshold = top[-1][0] if len(top) >= k else -1.0
            candidates = [item for item in candidates if item[0] > threshold]
            if not candidates:
                break
            pending = [entry for _upper, entry in candidates[:LOOKUP_BATCH]]
            del candidates[:LOOKUP_BATCH]
            looked += len(pending)
            cursor.execute("""SELECT term, entry, impact FROM bench_topk_posting
                WHERE term = ANY(%s) AND entry = ANY(%s)""", [list(weight), pending])
            found: dict[int, dict[int, float]] = {entry: {} for entry in pending}
            for term, entry, impact in cursor.fetchall():
                g, w = weight[term]
                found[entry][g] = max(found[entry].get(g, 0.0), w * impact)
            for entry, held in found.items():
                settle(entry, _score(held))
        threshold = top[-1][0] if len(top) >= k else -1.0
        settled = not any(upper > threshold for upper, _entry in candidates)
        if (settled and len(top) >= k and threshold > unseen_bound) \
                or len(exhausted) == len(lists):
            return [entry for _score_, entry in top], sum(read.values()), False
        if max(read.values()) >= cap:
            return [entry for _score_, entry in top], sum(read.values()), True
        depth = min(depth * 2, cap - max(read.values()))


TA_ON = [True]  # --compare switches between the TA and today's ranking query by query


def use_ta_for_relevance(cap):
    """Today's backend with its ranking steps (2 and 3 of `database`) replaced by the TA over
    the bench's postings: the count pass, the visibility check and the hits stay as they are,
    so the whole search is timed as it would run integrated (queries the prototype cannot
    rank keep today's path and are not timed)."""
    original = database._PostgreSQLSearch._by_relevance

    def by_relevance(self, counter, collected):
        groups = query_terms(self.plan.text)
        if groups is None or not TA_ON[0]:
            return original(self, counter, collected)
        end = self.request.offset + self.request.limit
        wanted = end
        while True:  # more only when some of them stopped being public
            top, _read, _capped = ta_top(self.cursor, groups, k=wanted, cap=cap)
            shown = self._visible(top, counter, complete=False)
            if len(shown) >= end or len(top) < wanted:
                return shown[self.request.offset:end]
            wanted *= 2

    database._PostgreSQLSearch._by_relevance = by_relevance


def phase_breakdown(count: int, cap: int):
    """Where the time of the whole search with the TA goes: per phase, on average, over the
    fastest half of the queries and over the slowest 5 %."""
    spent: dict[str, float] = {}

    def timed(owner, name):
        original = getattr(owner, name)

        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + (time.perf_counter() - started) * 1000

        setattr(owner, name, wrapper)

    use_ta_for_relevance(cap)
    for name in ("_minimum", "_count", "_visible"):
        timed(database._PostgreSQLSearch, name)
    timed(database, "_entries_in_order")
    timed(sys.modules[__name__], "ta_top")
    rng = random.Random(7)
    texts = [text for text in (" ".join(rng.sample(WORDS, 2)) for _ in range(count))
             if query_terms(text)]
    backend = get_backend()
    rows = []
    for text in texts:
        spent.clear()
        started = time.perf_counter()
        results = backend.search(SearchRequest(plan=plan(text)))
        rows.append(((time.perf_counter() - started) * 1000, dict(spent), results.total))
    rows.sort(key=lambda row: row[0])
    names = ("_minimum", "_count", "ta_top", "_visible", "_entries_in_order")
    for label, chosen in (("fastest half", rows[:len(rows) // 2]),
                          ("slowest 5 %", rows[-max(1, len(rows) // 20):])):
        phases = ", ".join(f"{name} {statistics.mean(row[1].get(name, 0) for row in chosen):.1f}"
                           for name in names)
        print(f"  {label} ({len(chosen)} queries, load average {os.getloadavg()[0]:.2f}): "
              f"whole search {statistics.mean(row[0] for row in chosen):.1f} ms = {phases} ms "
              f"+ the rest; matches {statistics.mean(row[2] for row in chosen):.0f} on average")


def count_pass_timer():
    """Wraps the backend's first step (counts and recent matches) to time it apart."""
    spent = []
    original = database._PostgreSQLSearch._count

    def timed(self):
        started = time.perf_counter()
        try:
            return original(self)
        finally:
            spent.append((time.perf_counter() - started) * 1000)

    database._PostgreSQLSearch._count = timed
    return spent


def percentile95(values):
    return statistics.quantiles(values, n=20)[18]


def main():
    global FIRST_DEPTH
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--build", action="store_true")
    parser.add_argument("--cap", type=int, default=CAP)
    parser.add_argument("--skip-today", action="store_true", help="do not time today's backend")
    parser.add_argument("--first-depth", type=int, default=FIRST_DEPTH)
    parser.add_argument("--integrated", action="store_true",
                        help="time the whole search with the TA in place of today's ranking")
    parser.add_argument("--phases", action="store_true",
                        help="only: where the whole search with the TA spends its time")
    parser.add_argument("--compare", action="store_true",
                        help="time the whole search both ways, alternating query by query, so "
                             "that both meet the same load (implies --integrated)")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to the PostgreSQL database bench_search.py built.")
    with connection.cursor() as cursor:
        if args.build:
            build(cursor)
        cursor.execute("SET jit = off")
    FIRST_DEPTH = args.first_depth
    if args.phases:
        phase_breakdown(args.queries, args.cap)
        return
    backend = get_backend()
    count_times = count_pass_timer()
    if args.integrated or args.compare:
        use_ta_for_relevance(args.cap)
    for run in range(1, args.runs + 1):
        rng = random.Random(run)
        texts = [" ".join(rng.sample(WORDS, 2)) for _ in range(args.queries)]
        ta_ms, today_ms, postings, agree, agree_position, matched = [], [], [], [], [], []
        whole_ta_ms = []
        capped, capped_agree, skipped = 0, [], 0
        count_times.clear()
        with connection.cursor() as cursor:
            for text in texts[:10]:  # warm the caches
                groups = query_terms(text)
                if groups:
                    ta_top(cursor, groups, cap=args.cap)
            for text in texts:
                groups = query_terms(text)
                if groups is None:
                    skipped += 1
                    continue
                # The whole search first, so that it finds no postings cached by the TA run.
                for way in ((True, False) if len(ta_ms) % 2 else (False, True)) \
                        if args.compare else (args.integrated,):
                    if args.skip_today:
                        break
                    TA_ON[0] = way
                    started = time.perf_counter()
                    backend.search(SearchRequest(plan=plan(text)))
                    (whole_ta_ms if way else today_ms).append((time.perf_counter() - started)
                                                              * 1000)
                started = time.perf_counter()
                top, read, was_capped = ta_top(cursor, groups, cap=args.cap)
                ta_ms.append((time.perf_counter() - started) * 1000)
                exact, count = exact_top(cursor, groups)
                postings.append(read)
                matched.append(count)
                overlap = len(set(top) & set(exact))
                agree.append(overlap)
                agree_position.append(sum(a == b for a, b in zip(top, exact, strict=False)))
                if was_capped:
                    capped += 1
                    capped_agree.append(overlap)
        load = os.getloadavg()[0]
        print(f"run {run} (load average {load:.2f}): {len(ta_ms)} queries "
              f"({skipped} left out: a word is a phrase of several tokens); "
              f"matches median {statistics.median(matched):.0f}, p95 {percentile95(matched):.0f}")
        print(f"  TA top-10: p50 {statistics.median(ta_ms):.1f} ms, p95 {percentile95(ta_ms):.1f} ms, "
              f"max {max(ta_ms):.1f} ms; postings read median {statistics.median(postings):.0f}, "
              f"p95 {percentile95(postings):.0f}; cap {args.cap}/word hit {capped} times")
        print(f"  agreement with exact BM25 top 10: {statistics.mean(agree):.2f} of 10 as a set, "
              f"{statistics.mean(agree_position):.2f} of 10 in the same place"
              + (f"; when capped {statistics.mean(capped_agree):.2f}" if capped_agree else ""))
        for label, timings in (("today's backend", today_ms),
                               ("backend with the TA ranking", whole_ta_ms)):
            if timings:
                print(f"  whole search, {label}: p50 {statistics.median(timings):.1f} ms, "
                      f"p95 {percentile95(timings):.1f} ms")
        if count_times:
            print(f"  the count pass alone (both ways): p50 {statistics.median(count_times):.1f} "
                  f"ms, p95 {percentile95(count_times):.1f} ms")


if __name__ == "__main__":
    main()
