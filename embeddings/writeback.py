"""Write a run's entity embeddings back to Neo4j as ``kge_embedding``, in batches, with a vector index.

RotatE's complex vectors are stored as the real parts followed by the imaginary parts (one float list of twice
the complex dimension). The vector index ``entity_kge_embeddings`` is (re)made with the run's dimension; the text
embedding index on ``embedding`` is a different one and is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from neo4j import Driver

from embeddings import cypher as kge_cypher
from embeddings.registry import RunRecord, load_id_maps, load_model
from graph import cypher
from graph.writer import batched


@dataclass(frozen=True)
class WriteBackSummary:
    run: str
    entities: int
    dimensions: int


def entity_vectors(model) -> np.ndarray:
    """The entity representation of a PyKEEN model as a real matrix (complex → real ‖ imaginary)."""
    import torch

    with torch.inference_mode():
        vectors = model.entity_representations[0](indices=None).detach().cpu()
    if vectors.is_complex():
        vectors = torch.cat([vectors.real, vectors.imag], dim=-1)
    return vectors.reshape(vectors.shape[0], -1).float().numpy()


def write_back(driver: Driver, database: str, run: RunRecord, batch_size: int = 2000) -> WriteBackSummary:
    """Store every entity vector of ``run`` on its node and make the ``kge_embedding`` vector index fit it."""
    entities, _, _ = load_id_maps(run.path)
    vectors = entity_vectors(load_model(run.path))
    dimensions = int(vectors.shape[1])
    with driver.session(database=database) as session:
        _ensure_index(session, dimensions)
        session.run(kge_cypher.clear_kge_embeddings()).consume()
        query = cypher.set_embeddings("kge_embedding")
        for chunk in batched(range(len(entities)), batch_size):
            rows = [{"id": entities[i], "vector": vectors[i].tolist()} for i in chunk]
            session.execute_write(lambda tx, rows=rows: tx.run(query, rows=rows).consume())
            ids = [row["id"] for row in rows]
            session.execute_write(lambda tx, ids=ids: tx.run(kge_cypher.set_kge_run(), ids=ids, run=run.name).consume())
        session.run(cypher.await_indexes()).consume()
    return WriteBackSummary(run=run.name, entities=len(entities), dimensions=dimensions)


def _ensure_index(session, dimensions: int) -> None:
    record = session.run(cypher.kge_vector_index_dimensions()).single()
    if record is not None and record["dimensions"] != dimensions:
        session.run(cypher.drop_kge_vector_index()).consume()
    session.run(cypher.kge_vector_index(dimensions)).consume()
