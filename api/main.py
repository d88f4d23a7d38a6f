"""The FastAPI service: ``create_app(settings)`` builds it, ``serve(settings, host, port)`` runs it with uvicorn.

The lifespan opens the Neo4j driver (unverified, so ``/healthz`` can say 503 while Neo4j is down) and builds one
query engine; both are closed or dropped on shutdown. Routes live in ``api/routes/<resource>.py``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from api.jobs import IngestJobs
from api.middleware import BodySizeLimit, SecurityHeaders, install_error_handlers
from api.routes import admin, clinical, diseases, drugs, entities, health, notes, query, stats
from core.settings import Settings

log = logging.getLogger("medkg.api")
STATIC_DIR = Path(__file__).resolve().parent / "static"
API_PREFIX = "/api/v1"


def _build_engine(app: FastAPI, settings: Settings, load_models: bool) -> None:
    """One query engine for the app's life; if it cannot be built, queries answer 503 with the reason."""
    app.state.engine, app.state.engine_error = None, None
    try:
        from clinical.engine import ClinicalEngine
        from query.answer import QueryEngine
        from query.safety import ReadOnlyRunner

        driver = app.state.driver
        app.state.engine = ClinicalEngine(QueryEngine(driver, settings, load_models=load_models),
                                          lambda: ReadOnlyRunner.from_settings(driver, settings))
        if settings.api_warm_up:
            threading.Thread(target=_warm_up, args=(app.state.engine,), name="clinical-warm-up", daemon=True).start()
    except Exception as error:  # noqa: BLE001 - the service still serves browsing and health
        log.exception("query engine unavailable")
        app.state.engine_error = f"{type(error).__name__}: {error}"


def _warm_up(engine: "object") -> None:
    """Background: the clinical layer's knowledge and note lexicon, so the first clinical request is fast; a failure
    here only means the first request loads them itself."""
    try:
        engine.warm_up()  # type: ignore[attr-defined]
    except Exception as error:  # noqa: BLE001
        log.warning("clinical warm-up failed (the first clinical request will load it): %s", error)


def _lifespan(settings: Settings, load_models: bool):
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from graph.driver import open_driver

        app.state.settings = settings
        app.state.driver = open_driver(settings, verify=False)
        _build_engine(app, settings, load_models)
        try:
            yield
        finally:
            app.state.engine = None
            try:
                app.state.driver.close()
            except Exception as error:  # noqa: BLE001 - a question cut off at its time limit (504) may still be
                # running in its worker thread on a connection the pool is closing; shutting down goes on
                log.warning("closing the Neo4j driver at shutdown: %s: %s", type(error).__name__, error)

    return lifespan


def create_app(settings: Settings | None = None, *, load_models: bool = True) -> FastAPI:
    """The service for ``settings`` (read from the environment when not given).

    ``load_models`` lets the query engine load the vocabulary linker, text embedder and link predictor (when they
    exist); without them it links entities through the full-text index only.
    """
    settings = settings or Settings()
    app = FastAPI(
        title="medkg", version="0.1.0", lifespan=_lifespan(settings, load_models),
        description="A medical knowledge graph with evidence for every fact: ranked, cited answers to clinical "
        "questions, entity browsing, and admin ingest.",
        docs_url=None, redoc_url=None,
    )
    app.state.settings = settings
    app.state.ingest_jobs = IngestJobs()
    install_error_handlers(app)
    if settings.api_cors_origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=settings.api_cors_origins, allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(BodySizeLimit, max_bytes=settings.api_max_body_bytes)
    app.add_middleware(SecurityHeaders)
    for module in (query, clinical, notes, entities, diseases, drugs, stats, admin):
        app.include_router(module.router, prefix=API_PREFIX)
    app.include_router(health.router)
    _mount_page(app)
    return app


def _mount_page(app: FastAPI) -> None:
    """The clinician's page at ``/``, its files under ``/static``, and offline OpenAPI docs at ``/docs``."""
    from fastapi.openapi.docs import get_swagger_ui_html

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json", title="medkg API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )


def serve(settings: Settings, host: str | None = None, port: int | None = None, *, load_models: bool = True) -> None:
    """Run the service with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(
        create_app(settings, load_models=load_models), host=host or settings.api_host, port=port or settings.api_port,
        log_level="info", proxy_headers=False, server_header=False,
    )
