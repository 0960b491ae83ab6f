"""Search quality on the judged evaluation set: the site against a character-bigram BM25 baseline.

    .venv/bin/python bench/search_quality.py [--verbose] [--keep DIR]

Builds a scratch SQLite database (or uses DATABASE_URL, which must name an empty scratch
database), loads `tests/search/evaluation/documents.jsonl` as real pages of the project's page
types (catalogue root with its guide, columns, policy documents, interpretations with their
questions and answers, budget releases with their tables, news, notices), indexes them with the
site's search backend (`search.index.rebuild`), loads the shipped vocabulary, and runs every
query of `queries.jsonl` through `search.service.run_search`, the call the search page makes.

It prints nDCG@10 and recall@10 per query kind for the site and for a character-bigram BM25
baseline computed here over the same documents' text, and the pass rate of the queries that
should find nothing (scored apart: they pass when nothing is listed).
"""

import argparse
import json
import math
import os
import shutil
import sys
import tempfile
from collections import Counter, defaultdict
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVALUATION = ROOT / "tests" / "search" / "evaluation"
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print every query's top ten")
    parser.add_argument("--keep", help="build the scratch database in this directory")
    args = parser.parse_args()
    scratch = Path(args.keep or tempfile.mkdtemp(prefix="search-quality-"))
    scratch.mkdir(parents=True, exist_ok=True)
    if "DATABASE_URL" not in os.environ:
        # A migrated empty database is kept in the scratch directory and copied for each run.
        database, template = scratch / "quality.sqlite3", scratch / "migrated.sqlite3"
        for stale in scratch.glob("quality.sqlite3*"):
            stale.unlink()
        if template.exists():
            shutil.copyfile(template, database)
        os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    os.environ["MEDIA_ROOT"] = str(scratch / "media")

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if "quality.sqlite3" in os.environ["DATABASE_URL"] and not (scratch / "migrated.sqlite3").exists():
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(scratch / "migrated.sqlite3")])
    documents = read_jsonl(EVALUATION / "documents.jsonl")
    queries = read_jsonl(EVALUATION / "queries.jsonl")
    pages = load_pages(documents)
    site_results = run_site(queries, pages)
    baseline_results = run_baseline(queries, documents)
    report(queries, {"site": site_results, "baseline": baseline_results}, args.verbose,
           {key: doc["title"] for key, doc in ((d["key"], d) for d in documents)})


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


# --- loading the documents as pages --------------------------------------------------------

VALIDITY = {"有效": "valid", "已修改": "amended", "已废止": "repealed", "已失效": "expired"}
BUDGET_KIND = {"budget": "budget", "final": "final_accounts", "three_budget": "three_public_budget",
               "three_final": "three_public_final"}


def load_pages(documents: list[dict]) -> dict[int, str]:
    """Create and publish a page for each document; index them; answer page id → key."""
    from django.utils import timezone
    from wagtail.models import Page, Site

    from departments.models import Department
    from disclosure.models import (
        BudgetRelease,
        CatalogueColumn,
        CatalogueRoot,
        PolicyDocument,
        PolicyInterpretation,
        PublicNotice,
        WorkNews,
    )
    from search import index
    from search.terms import load_starting_synonyms

    load_starting_synonyms()
    department = Department.objects.create(code="bgs", name="办公室")
    home = Site.objects.get(is_default_site=True).root_page
    by_key = {document["key"]: document for document in documents}
    root_doc = by_key["root"]
    root = home.add_child(instance=CatalogueRoot(
        title=root_doc["title"], slug="xxgk", intro=f"<p>{root_doc['body']}</p>",
        guide=f"<p>{root_doc['guide']}</p>", guide_updated_on=date(2025, 1, 20)))
    pages: dict[int, str] = {root.pk: "root"}
    columns = {}
    for document in documents:
        if document["kind"] == "column":
            column = root.add_child(instance=CatalogueColumn(
                title=document["title"], slug=document["column"], department=department,
                intro=f"<p>{document['body']}</p>"))
            columns[document["column"]] = column
            pages[column.pk] = document["key"]
    made = {}
    default_column = {"policy": "zcwj", "interpretation": "zcjd", "budget": "yjs", "news": "gzdt",
                      "notice": "gsgg"}
    for number, document in enumerate(documents):
        kind = document["kind"]
        if kind in ("column", "root"):
            continue
        column = columns[document.get("column") or default_column[kind]]
        common = {"title": document["title"], "slug": f"item-{number}", "live": False,
                  "summary": document.get("summary", ""),
                  "index_number": document.get("index_number")}
        if kind == "policy":
            written = date.fromisoformat(document["written_on"])
            page = PolicyDocument(
                **common, body=f"<p>{document['body']}</p>", issuing_body=document["issuing_body"],
                document_number=document["document_number"], written_on=written,
                formed_on=written, published_on=written, validity=VALIDITY[document["validity"]])
            when = written
        elif kind == "interpretation":
            target = made[document["interprets"]]
            body = json.dumps([{"type": "question_answer",
                                "value": {"question": pair["question"],
                                          "answer": f"<p>{pair['answer']}</p>"}}
                               for pair in document["qa"]], ensure_ascii=False)
            page = PolicyInterpretation(**common, form="qa", interpreter=document["interpreter"],
                                        body=body)
            when = target.published_on
        elif kind == "budget":
            approved = date.fromisoformat(document["approved_on"])
            page = BudgetRelease(**common, fiscal_year=document["fiscal_year"],
                                 kind=BUDGET_KIND[document["budget_kind"]], approved_on=approved,
                                 explanation=f"<p>{document['explanation']}</p>",
                                 tables=document["tables"])
            when = approved
        elif kind == "news":
            when = date.fromisoformat(document["happened_on"])
            page = WorkNews(**common, happened_on=when, formed_on=when,
                            body=f"<p>{document['body']}</p>")
        else:
            when = date.fromisoformat(document["published"])
            page = PublicNotice(**common, kind=document["notice_kind"], formed_on=when,
                                issuing_body="清江市卫生健康委员会",
                                body=f"<p>{document['body']}</p>", period_start=when,
                                period_end=when, contact="0576-88123456")
        column.add_child(instance=page)
        if kind == "interpretation":
            page.documents.set([target])
            page.save()
        page.save_revision().publish()
        moment = timezone.make_aware(datetime.combine(when, datetime.min.time()).replace(hour=9))
        Page.objects.filter(pk=page.pk).update(first_published_at=moment,
                                               last_published_at=moment)
        made[document["key"]] = page
        pages[page.pk] = document["key"]
    index.rebuild()
    return pages


# --- the site ------------------------------------------------------------------------------

def run_site(queries: list[dict], pages: dict[int, str]) -> list[list[str]]:
    from search.service import run_search

    results = []
    for item in queries:
        outcome = run_search(item["query"], {}, "relevance", 1)
        hits = list(outcome.promoted or []) + list(outcome.results.hits if outcome.results else [])
        results.append([pages.get(hit.page_id, f"page-{hit.page_id}") for hit in hits][:10])
    return results


# --- the baseline: BM25 over character bigrams ---------------------------------------------

def document_text(document: dict) -> str:
    parts = [document["title"], document.get("document_number", ""),
             document.get("index_number", ""), document.get("summary", ""), document["body"],
             document.get("guide", ""), document.get("explanation", "")]
    for pair in document.get("qa", []):
        parts += [pair["question"], pair["answer"]]
    for table in document.get("tables", []):
        parts += [table["sheet"], table["caption"]]
        for row in table["head"] + [row["cells"] for row in table["body"]]:
            parts += [cell["text"] for cell in row]
    return " ".join(part for part in parts if part)


def bigrams(text: str) -> list[str]:
    text = "".join(ch.lower() for ch in text if ch.isalnum())
    return [text[i:i + 2] for i in range(len(text) - 1)] or ([text] if text else [])


def run_baseline(queries: list[dict], documents: list[dict], k1=1.2, b=0.75):
    grams = {document["key"]: Counter(bigrams(document_text(document))) for document in documents}
    lengths = {key: sum(counts.values()) for key, counts in grams.items()}
    average = sum(lengths.values()) / len(lengths)
    frequency = Counter(gram for counts in grams.values() for gram in counts)
    total = len(grams)
    results = []
    for item in queries:
        scores = defaultdict(float)
        for gram in set(bigrams(item["query"])):
            if gram not in frequency:
                continue
            idf = math.log(1 + (total - frequency[gram] + 0.5) / (frequency[gram] + 0.5))
            for key, counts in grams.items():
                tf = counts.get(gram, 0)
                if tf:
                    scores[key] += idf * tf * (k1 + 1) / (
                        tf + k1 * (1 - b + b * lengths[key] / average))
        ranked = sorted(scores, key=lambda key: -scores[key])
        results.append(ranked[:10])
    return results


# --- scores --------------------------------------------------------------------------------

def ndcg_at_10(ranked: list[str], relevant: dict[str, int]) -> float:
    gains = [(2 ** relevant.get(key, 0) - 1) / math.log2(position + 2)
             for position, key in enumerate(ranked[:10])]
    ideal = [(2 ** grade - 1) / math.log2(position + 2)
             for position, grade in enumerate(sorted(relevant.values(), reverse=True)[:10])]
    return sum(gains) / sum(ideal) if ideal else 0.0


def recall_at_10(ranked: list[str], relevant: dict[str, int]) -> float:
    return len(set(ranked[:10]) & set(relevant)) / len(relevant) if relevant else 0.0


def report(queries, systems: dict[str, list[list[str]]], verbose: bool, titles: dict):
    kinds = sorted({item["kind"] for item in queries if item["kind"] != "none"},
                   key=[q["kind"] for q in queries].index)
    print(f"{'kind':<12}{'n':>4}  " + "  ".join(f"{name + ' nDCG':>14}{name + ' R@10':>14}"
                                               for name in systems))
    totals = {name: [0.0, 0.0] for name in systems}
    judged = [item for item in queries if item["kind"] != "none"]
    for kind in kinds:
        subset = [i for i, item in enumerate(queries) if item["kind"] == kind]
        row = f"{kind:<12}{len(subset):>4}  "
        for name, results in systems.items():
            ndcg = sum(ndcg_at_10(results[i], queries[i]["relevant"]) for i in subset) / len(subset)
            recall = sum(recall_at_10(results[i], queries[i]["relevant"])
                         for i in subset) / len(subset)
            totals[name][0] += ndcg * len(subset)
            totals[name][1] += recall * len(subset)
            row += f"{ndcg:>14.3f}{recall:>14.3f}"
        print(row)
    row = f"{'all':<12}{len(judged):>4}  "
    for name in systems:
        row += f"{totals[name][0] / len(judged):>14.3f}{totals[name][1] / len(judged):>14.3f}"
    print(row)
    empty = [i for i, item in enumerate(queries) if item["kind"] == "none"]
    print("no-result queries passed: " + ", ".join(
        f"{name} {sum(1 for i in empty if not results[i])}/{len(empty)}"
        for name, results in systems.items()))
    if verbose:
        for i, item in enumerate(queries):
            print(f"\n[{item['kind']}] {item['query']}")
            for name, results in systems.items():
                score = ndcg_at_10(results[i], item["relevant"]) if item["relevant"] else None
                print(f"  {name}: " + (f"nDCG {score:.3f}" if score is not None else
                                      f"{len(results[i])} listed"))
                for key in results[i]:
                    grade = item["relevant"].get(key, 0)
                    print(f"    {grade} {key:<20} {titles.get(key, '')[:40]}")


if __name__ == "__main__":
    main()
