"""Helpers for the ingest tests: the stand-in linker over real entries, graph snapshots, bad-input files."""

from __future__ import annotations

import gzip
import os
import sys
from pathlib import Path
from typing import Any

from neo4j import Driver
from neo4j.time import DateTime

from core.settings import Settings
from ingest.pipeline.termlinker import TermLinker

FIXTURES = Path(__file__).resolve().parent.parent / "data" / "ingest"
DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
LEDGER_LABELS = {"IngestRun", "IngestFile", "Quarantine"}


def cli_environment(settings: Settings, home: Path) -> dict[str, str]:
    """The environment for a ``python -m api`` subprocess that uses the test Neo4j and a temporary home."""
    return {**os.environ, "NEO4J_URI": settings.bolt_uri, "NEO4J_USER": settings.neo4j_user,
            "NEO4J_PASSWORD": settings.neo4j_password, "NEO4J_DATABASE": settings.neo4j_database,
            "MEDKG_HOME": str(home), "MEDKG_DATA_DIR": str(DATA)}


def pubmed_ingest_command(inputs: list[Path]) -> list[str]:
    """``medkg ingest pubmed`` over ``inputs`` with the fixture terms, serially, in small batches."""
    return [sys.executable, "-m", "api", "ingest", "pubmed", *map(str, inputs), "--terms",
            str(FIXTURES / "terms.tsv"), "--executor", "serial", "--batch-size", "16", "--quiet"]


def count_documents(driver: Driver, database: str) -> int:
    with driver.session(database=database) as session:
        return session.run("MATCH (d:Document) RETURN count(d) AS n").single()["n"]


def term_linker() -> TermLinker:
    return TermLinker.from_tsv(FIXTURES / "terms.tsv")


def _plain(value: Any) -> Any:
    if isinstance(value, DateTime):
        return "<time>"
    if isinstance(value, list):
        return tuple(_plain(v) for v in value)
    return value


def snapshot(driver: Driver, database: str) -> tuple[frozenset, frozenset]:
    """The knowledge graph (ledger nodes left out) as sets of nodes and relationships; times become '<time>'."""
    with driver.session(database=database) as session:
        nodes = session.run("MATCH (n) RETURN labels(n) AS labels, properties(n) AS p").data()
        rels = session.run("MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS a, b.id AS b, "
                           "labels(a) AS la, properties(r) AS p").data()
    node_set = frozenset(
        (tuple(sorted(row["labels"])), tuple(sorted((k, _plain(v)) for k, v in row["p"].items())))
        for row in nodes if not LEDGER_LABELS & set(row["labels"]))
    rel_set = frozenset((row["type"], row["a"], row["b"], tuple(sorted((k, _plain(v)) for k, v in row["p"].items())))
                        for row in rels if not LEDGER_LABELS & set(row["la"]))
    assert len(node_set) == len([r for r in nodes if not LEDGER_LABELS & set(r["labels"])]), "duplicate nodes"
    return node_set, rel_set


ARTICLE = """<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">{pmid}</PMID>
<Article><Journal><Title>Test journal</Title><JournalIssue><PubDate><Year>2020</Year><Month>Mar</Month></PubDate>
</JournalIssue></Journal><ArticleTitle>{title}</ArticleTitle>{abstract}</Article></MedlineCitation>
</PubmedArticle>"""


def pubmed_file(path: Path, articles: list[tuple[str, str, str | None]], deletes: list[str] = (),
                gz: bool = False) -> Path:
    body = "".join(ARTICLE.format(pmid=p, title=t, abstract=(f"<Abstract><AbstractText>{a}</AbstractText></Abstract>"
                                                             if a is not None else "")) for p, t, a in articles)
    if deletes:
        body += "<DeleteCitation>" + "".join(f'<PMID Version="1">{d}</PMID>' for d in deletes) + "</DeleteCitation>"
    text = f'<?xml version="1.0" encoding="UTF-8"?>\n<PubmedArticleSet>{body}</PubmedArticleSet>\n'
    if gz:
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            handle.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path
