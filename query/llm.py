"""Optional text-to-Cypher through any OpenAI-compatible endpoint (off unless ``MEDKG_LLM_URL`` is set).

Used only for questions the templates cannot understand. The schema goes into the prompt; the reply's statement is
refused unless it passes ``lexically_read_only`` and Neo4j plans it as a read-only query (``EXPLAIN``, query type
``r``); it then runs through ``ReadOnlyRunner`` (READ transaction, timeout, row limit). Its rows are never shown as
facts: they carry no evidence, so the engine marks them as hypotheses. Tests use a local fake endpoint.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from graph.models import NodeLabel, RelType
from core.settings import Settings
from query.safety import ReadOnlyRunner, explain_is_read_only

log = logging.getLogger(__name__)
_CODE_BLOCK = re.compile(r"```(?:cypher)?\s*(.*?)```", re.DOTALL | re.IGNORECASE)


def schema_prompt() -> str:
    labels = ", ".join(label.value for label in NodeLabel)
    types = ", ".join(rel.value for rel in RelType)
    return (
        "You translate a clinician's question into ONE read-only Neo4j Cypher query. Graph: nodes (:Entity) with an "
        f"extra label among {labels}; properties id, name, synonyms. Relationship types: {types}; each has "
        "evidence_count, best_confidence, sources. Return columns `id` and `name` of the answer entities. Never "
        "write, delete, call procedures or load files. Reply with the query only, in a ```cypher block."
    )


@dataclass(frozen=True)
class LlmResult:
    statement: str | None
    rows: list[dict[str, Any]]
    refused: str | None = None


def ask_llm(question: str, settings: Settings, timeout_s: float = 20.0) -> str | None:
    """The statement the endpoint proposes for ``question`` (``None`` when the call fails)."""
    import httpx

    if not settings.llm_url:
        return None
    headers = {"Authorization": f"Bearer {settings.llm_api_key}"} if settings.llm_api_key else {}
    body = {"model": settings.llm_model or "default", "temperature": 0,
            "messages": [{"role": "system", "content": schema_prompt()}, {"role": "user", "content": question}]}
    try:
        response = httpx.post(settings.llm_url.rstrip("/") + "/chat/completions", json=body, headers=headers,
                              timeout=timeout_s)
        response.raise_for_status()
        content = response.json()["choices"][0]["message"]["content"]
    except (httpx.HTTPError, KeyError, IndexError, ValueError) as error:
        log.warning("LLM endpoint failed: %s", error)
        return None
    match = _CODE_BLOCK.search(content)
    return (match.group(1) if match else content).strip().rstrip(";").strip()


def llm_answer(question: str, settings: Settings, runner: ReadOnlyRunner) -> LlmResult:
    """Ask the endpoint, refuse anything but a read-only plan, and run what passes with a row limit."""
    statement = ask_llm(question, settings)
    if not statement:
        return LlmResult(None, [], refused="no statement from the LLM endpoint")
    if not explain_is_read_only(runner.driver, runner.database, statement):
        log.warning("refused LLM statement (not a read-only plan): %s", statement)
        return LlmResult(statement, [], refused="the generated statement is not a read-only query")
    return LlmResult(statement, runner.run(statement))
