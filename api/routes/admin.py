"""Admin: ``POST /api/v1/ingest`` (start an ingest in the background) and ``GET /api/v1/runs`` (the run ledger).

Both need ``Authorization: Bearer <MEDKG_API_ADMIN_TOKEN>``; without a configured token they are disabled (403).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, HTTPException, Query, Request

from api.deps import AdminDep, DriverDep, SettingsDep
from api.jobs import JobRunning, resolve_data_paths, run_ingest
from api.schemas import ErrorBody, IngestAccepted, IngestRequest, RunList

router = APIRouter(tags=["admin"], dependencies=[AdminDep],
                   responses={401: {"model": ErrorBody}, 403: {"model": ErrorBody}})


@router.post("/ingest", status_code=202, response_model=IngestAccepted,
             responses={400: {"model": ErrorBody}, 409: {"model": ErrorBody}, 413: {"model": ErrorBody},
                        422: {"model": ErrorBody}})
def start_ingest(body: IngestRequest, request: Request, background: BackgroundTasks, driver: DriverDep,
                 settings: SettingsDep) -> IngestAccepted:
    """Ingest files or folders of the data folder (``source``: pubmed, labels, pubtator or bioc) in the background,
    with the same job and defaults as ``medkg ingest`` (no progress bars)."""
    from ingest.pipeline.options import IngestOptions
    from ingest.pipeline.sources import SOURCES

    if body.source not in SOURCES:
        raise HTTPException(422, f"invalid request: source must be one of {', '.join(SOURCES)}")
    paths = resolve_data_paths(settings.data_dir, body.paths)
    jobs = request.app.state.ingest_jobs
    try:
        job = jobs.submit(body.source, body.paths)
    except JobRunning as error:
        raise HTTPException(409, str(error)) from error
    background.add_task(jobs.run, job, lambda: run_ingest(settings, driver, IngestOptions(progress=False), paths,
                                                          body.source))
    return IngestAccepted(job_id=job.job_id, status=job.status, source=job.source, paths=job.paths)


@router.get("/runs", response_model=RunList)
def list_runs(request: Request, driver: DriverDep, settings: SettingsDep,
              limit: Annotated[int, Query(ge=1, le=200)] = 20) -> RunList:
    """Ingest runs from the ledger in the graph (newest first), and this server's recent ingest jobs."""
    from ingest.pipeline.ledger import Ledger

    runs = Ledger(driver, settings.neo4j_database).runs(limit)
    return RunList(runs=runs, jobs=request.app.state.ingest_jobs.recent())
