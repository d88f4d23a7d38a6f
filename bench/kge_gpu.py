"""GPU training throughput of TransE and RotatE: our lean loop vs PyKEEN's stock sLCWA loop, triples/s on CUDA.

Usage: python bench/kge_gpu.py [--triples 2000000] [--entities 100000] [--batch-sizes 16384 65536] [--epochs 3]

One prepared script for a GPU machine: it builds a random typed graph in memory (throughput does not depend on
the data's meaning; nothing is downloaded), trains each model for ``--epochs`` after one warm-up epoch, and prints
training triples/s (positives per second) per model, loop and batch size. "stock" is PyKEEN's SLCWATrainingLoop
and model class; "lean" is what medkg ships: embeddings.loop.LeanSLCWATrainingLoop and, for RotatE,
embeddings.rotate.FastRotatE. Goal: >= 1M triples/s TransE on an H200
(anchors: DGL-KE TransE ~144k triples/s on one older GPU; PyKEEN #1291 saw ~15% GPU use with defaults).
Exits with status 0 and a message when torch sees no CUDA device.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from embeddings.config import quiet_pykeen  # noqa: E402


def random_factory(n_triples: int, n_entities: int, n_relations: int, seed: int = 0):
    import torch
    from pykeen.triples import CoreTriplesFactory

    generator = torch.Generator().manual_seed(seed)
    heads = torch.randint(n_entities, (n_triples,), generator=generator)
    relations = torch.randint(n_relations, (n_triples,), generator=generator)
    tails = torch.randint(n_entities, (n_triples,), generator=generator)
    mapped = torch.unique(torch.stack([heads, relations, tails], dim=1), dim=0)
    return CoreTriplesFactory.create(mapped_triples=mapped, num_entities=n_entities, num_relations=n_relations)


def throughput(
    factory, model_name: str, dim: int, loop_name: str, batch_size: int, epochs: int, device: str = "cuda",
) -> float:
    import torch
    from pykeen.models import model_resolver
    from pykeen.training import SLCWATrainingLoop

    from embeddings.loop import LeanSLCWATrainingLoop
    from embeddings.rotate import pykeen_model

    torch.manual_seed(0)
    model_class = pykeen_model(model_name) if loop_name == "lean" else model_name
    model = model_resolver.make(model_class, triples_factory=factory, embedding_dim=dim).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    loop_class = LeanSLCWATrainingLoop if loop_name == "lean" else SLCWATrainingLoop
    loop = loop_class(model=model, triples_factory=factory, optimizer=optimizer,
                      negative_sampler_kwargs={"num_negs_per_pos": 1})
    common = dict(triples_factory=factory, batch_size=batch_size, use_tqdm=False, pin_memory=device == "cuda",
                  num_workers=2)
    loop.train(num_epochs=1, **common)  # warm-up: CUDA context, kernels, allocator
    if device == "cuda":
        torch.cuda.synchronize()
    started = time.perf_counter()
    loop.train(num_epochs=1 + epochs, continue_training=True, **common)
    if device == "cuda":
        torch.cuda.synchronize()
    return factory.num_triples * epochs / (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=2_000_000)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--relations", type=int, default=24)
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[16384, 65536])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--models", nargs="+", default=["TransE", "RotatE"])
    parser.add_argument("--device", default="cuda", help="cpu only to dry-run the script with tiny sizes")
    args = parser.parse_args()

    import torch

    if args.device == "cuda" and not torch.cuda.is_available():
        print("no CUDA device visible to torch: nothing to measure (run this on the GPU machine)")
        return 0
    quiet_pykeen()
    factory = random_factory(args.triples, args.entities, args.relations)
    name = torch.cuda.get_device_name(0) if args.device == "cuda" else "CPU (dry run)"
    print(f"{name}, torch {torch.__version__}; random graph: {factory.num_triples:,} "
          f"triples, {args.entities:,} entities, {args.relations} relations; {args.epochs} timed epochs")
    print(f"{'model':8} {'dim':>4} {'loop':6} {'batch':>7} {'triples/s':>12}")
    dims = {"TransE": 64, "RotatE": 128}
    for model_name in args.models:
        for batch_size in args.batch_sizes:
            for loop_name in ("stock", "lean"):
                rate = throughput(factory, model_name, dims.get(model_name, 64), loop_name, batch_size, args.epochs,
                                  args.device)
                print(f"{model_name:8} {dims.get(model_name, 64):4d} {loop_name:6} {batch_size:7d} {rate:12,.0f}",
                      flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
