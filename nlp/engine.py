"""The torch side shared by the NER and relation models: device choice, CPU threads, the optimiser, and batched,
length-bucketed forward passes under ``torch.inference_mode``.

Windows are sorted by length and packed up to a token budget so padding stays small; the model runs on CUDA when
asked for (or available with ``device="auto"``), else on CPU, optionally with dynamic int8 quantisation of its
linear layers.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from core.errors import MedkgError
from nlp.tokens import Window, length_buckets


class DeviceUnavailable(MedkgError):
    """The requested device (e.g. cuda) is not available on this machine."""


def pick_device(device: str = "auto") -> str:
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise DeviceUnavailable("--device cuda asked for, but torch sees no CUDA device here")
    if device not in ("cpu",) and not device.startswith("cuda"):
        raise DeviceUnavailable(f"unknown device '{device}' (use cpu, cuda or auto)")
    return device


def limit_cpu_threads(threads: int = 2) -> None:
    """At most ``threads`` torch threads, and 1 when other work keeps the cores busy (``core.cpu.cpu_threads``)."""
    import torch

    from core.cpu import cpu_threads

    wanted = cpu_threads(threads)
    if torch.get_num_threads() > wanted:
        torch.set_num_threads(wanted)


def quantize_dynamic(model):
    """Dynamic int8 quantisation of the linear layers (CPU only)."""
    import torch

    return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)


def make_optimizer(model, train, total_steps: int):
    """AdamW with a larger learning rate on the (new) head than on the pretrained encoder; linear warm-up/decay.

    ``train`` has ``encoder_lr``, ``head_lr``, ``weight_decay`` and ``warmup`` (a fraction of ``total_steps``)."""
    import torch
    from transformers import get_linear_schedule_with_warmup

    head, encoder = [], []
    for name, parameter in model.named_parameters():
        (head if name.startswith(("classifier", "head")) else encoder).append(parameter)
    optimizer = torch.optim.AdamW([{"params": encoder, "lr": train.encoder_lr},
                                   {"params": head, "lr": train.head_lr}], weight_decay=train.weight_decay)
    scheduler = get_linear_schedule_with_warmup(optimizer, int(train.warmup * total_steps), total_steps)
    return optimizer, scheduler


def pad_batch(windows: Sequence[Window], indices: Sequence[int], pad_id: int, device: str, with_labels: bool = False):
    """Tensors for one batch: input ids, attention mask (and labels padded with -100)."""
    import torch

    longest = max(len(windows[i].ids) for i in indices)
    ids = torch.full((len(indices), longest), pad_id, dtype=torch.long)
    mask = torch.zeros((len(indices), longest), dtype=torch.long)
    labels = torch.full((len(indices), longest), -100, dtype=torch.long) if with_labels else None
    for row, index in enumerate(indices):
        window = windows[index]
        ids[row, :len(window.ids)] = torch.tensor(window.ids)
        mask[row, :len(window.ids)] = 1
        if labels is not None and window.labels is not None:
            labels[row, :len(window.labels)] = torch.tensor(window.labels)
    batch = {"input_ids": ids.to(device), "attention_mask": mask.to(device)}
    if labels is not None:
        batch["labels"] = labels.to(device)
    return batch


def run_token_classifier(model, windows: Sequence[Window], pad_id: int, device: str,
                         tokens_per_batch: int = 8192) -> list[np.ndarray]:
    """Logits (window length × labels) for every window, in the order given."""
    import torch

    outputs: list[np.ndarray | None] = [None] * len(windows)
    model.eval()
    with torch.inference_mode():
        for indices in length_buckets(windows, tokens_per_batch):
            batch = pad_batch(windows, indices, pad_id, device)
            logits = model(**batch).logits.float().cpu().numpy()
            for row, index in enumerate(indices):
                outputs[index] = logits[row, :len(windows[index].ids)]
    return outputs  # type: ignore[return-value]
