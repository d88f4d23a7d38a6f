"""In-domain pretraining of the base encoder (issue #25): continued masked-language-model training of MiniLM (or any
``--base``) on the unlabelled biomedical text in the shared data folder, saved as a base folder that
``medkg model train ner|re --base`` (and ``MEDKG_BASE_MODEL``) accept.

Text (``pretraining_texts``), never a document of an evaluation split: the abstracts of BC5CDR, NCBI-disease and
BioRED train+dev without any document of a dev or test split of any of them (``vocabulary.annotations
.evaluation_pmids``) and without the documents held out for model selection (``corpora.held_out``); the ADE corpus
sentences of its training part only; MEDLINE citations from ``pubmed-xml-samples`` (titles and
abstracts, the same filter); DailyMed indication texts. Licence-restricted text (DDI-2013, MTSamples) is left out, so
the base model carries no non-commercial text.

Training: the text is tokenised, concatenated and cut into blocks of ``max_length`` tokens; 15 % of tokens are
masked (Hugging Face's ``DataCollatorForLanguageModeling``: 80 % [MASK], 10 % random, 10 % kept); AdamW with linear
warm-up and decay. 2 % of the blocks (by hash) are held out and the masked-LM loss on them, with a fixed masking, is
reported before and after: the figure that says the encoder learned the domain's text, not that NER or RE got better
(``docs/evaluation.md`` has those).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import random
from collections.abc import Callable, Iterator
from pathlib import Path

from core.settings import Settings
from nlp import corpora, re_data, registry
from nlp.engine import limit_cpu_threads, pick_device
from vocabulary.annotations import evaluation_pmids

log = logging.getLogger(__name__)
HELD_OUT_BLOCKS_PERCENT = 2
TEXT_SOURCES = ("corpora", "ade", "medline", "dailymed")


def pretraining_texts(data_dir: Path, sources: tuple[str, ...] = TEXT_SOURCES) -> list[str]:
    """Unlabelled texts (one per abstract, sentence or label text), none from an evaluation or held-out document."""
    excluded = evaluation_pmids(data_dir, ("dev", "test"))

    def usable(pmid: str) -> bool:
        return pmid not in excluded and not corpora.held_out(pmid, corpora.HELD_OUT_PERCENT)

    texts: list[str] = []
    if "corpora" in sources:
        seen: set[str] = set()
        for docs in (corpora.bc5cdr(data_dir, "train") + corpora.bc5cdr(data_dir, "dev"),
                     corpora.ncbi_disease(data_dir, "train"), corpora.biored(data_dir, "train")):
            for doc in docs:
                if usable(doc.doc_id) and doc.doc_id not in seen:
                    seen.add(doc.doc_id)
                    texts.append(doc.text)
    if "ade" in sources:
        texts += [text for pmid, text in _ade_sentences(data_dir) if usable(pmid)]
    if "medline" in sources:
        texts += [text for pmid, text in _medline_citations(data_dir / "pubmed-xml-samples") if usable(pmid)]
    if "dailymed" in sources:
        path = data_dir / "dailymed-indications-text" / "curation.jsonl"
        with open(path, encoding="utf-8") as handle:
            texts += [row["text"] for row in map(json.loads, handle) if row.get("text")]
    return texts


def _ade_sentences(data_dir: Path) -> Iterator[tuple[str, str]]:
    """(PMID, sentence) of the ADE corpus (positive and negative sentences) in its training part only
    (``re_data.ade_part``: not its test or held-out PMIDs)."""
    folder = data_dir / "ade-corpus-v2"
    seen: set[str] = set()
    lines = (folder / "DRUG-AE.rel").read_text(encoding="utf-8").splitlines()
    with gzip.open(folder / "ADE-NEG.txt.gz", "rt", encoding="utf-8") as handle:
        negatives = handle.read().splitlines()
    rows = [line.split("|")[:2] for line in lines] + [_negative_row(line) for line in negatives]
    for pmid, sentence in (row for row in rows if len(row) == 2):
        if sentence not in seen and re_data.ade_part(pmid) == "train":
            seen.add(sentence)
            yield pmid, sentence


def _negative_row(line: str) -> list[str]:
    """``PMID NEG sentence`` lines of ADE-NEG.txt."""
    parts = line.split(" ", 2)
    return [parts[0], parts[2]] if len(parts) == 3 and parts[1] == "NEG" else []


def _medline_citations(folder: Path) -> Iterator[tuple[str, str]]:
    """(PMID, title and abstract) of every citation in the MEDLINE/PubMed XML files of ``folder``."""
    from lxml import etree

    parser_options = {"resolve_entities": False, "no_network": True, "huge_tree": False}
    for path in sorted(folder.iterdir()):
        if not path.name.endswith((".xml", ".xml.gz")):
            continue
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rb") as handle:
            for _, element in etree.iterparse(handle, tag="MedlineCitation", **parser_options):
                pmid = element.findtext("PMID") or ""
                title = " ".join("".join(element.find(".//ArticleTitle").itertext()).split()) \
                    if element.find(".//ArticleTitle") is not None else ""
                abstract = " ".join(" ".join("".join(part.itertext()) for part in element.iter("AbstractText")).split())
                if abstract:
                    yield pmid, f"{title} {abstract}".strip()
                element.clear()


def token_blocks(tokenizer, texts: list[str], max_length: int) -> list[list[int]]:
    """The texts tokenised, joined with [SEP] and cut into blocks of ``max_length`` ids, each [CLS] … [SEP]."""
    body = max_length - 2
    ids: list[int] = []
    blocks = []
    for text in texts:
        ids += tokenizer(text, add_special_tokens=False, truncation=False, verbose=False)["input_ids"] + [
            tokenizer.sep_token_id]
        while len(ids) >= body:
            blocks.append([tokenizer.cls_token_id, *ids[:body], tokenizer.sep_token_id])
            ids = ids[body:]
    return blocks


def _held_out_block(block: list[int]) -> bool:
    digest = hashlib.md5(",".join(map(str, block[:32])).encode()).hexdigest()
    return int(digest, 16) % 100 < HELD_OUT_BLOCKS_PERCENT


def pretrain(settings: Settings, *, base: Path | None = None, steps: int = 1000, batch_size: int = 32,
             max_length: int = 128, learning_rate: float = 5e-5, sources: tuple[str, ...] = TEXT_SOURCES,
             device: str = "auto", name: str | None = None, seed: int = 13,
             progress: Callable[[str], None] = log.info) -> Path:
    """Continue masked-LM training of ``base`` for ``steps`` batches and register the result as a base model
    (kind ``base``); returns its folder, a Hugging Face folder that ``--base`` accepts."""
    import torch
    from transformers import AutoModelForMaskedLM, AutoTokenizer, DataCollatorForLanguageModeling
    from transformers import get_linear_schedule_with_warmup

    limit_cpu_threads()
    device = pick_device(device if device != "auto" else settings.device)
    base = Path(base) if base else settings.resolved_base_model()
    texts = pretraining_texts(settings.data_dir, sources)
    tokenizer = AutoTokenizer.from_pretrained(base)
    blocks = token_blocks(tokenizer, texts, max_length)
    held = [b for b in blocks if _held_out_block(b)]
    train = [b for b in blocks if not _held_out_block(b)]
    progress(f"pretraining text: {len(texts):,} texts, {len(blocks):,} blocks of {max_length} tokens "
             f"({len(held):,} held out)")
    model = AutoModelForMaskedLM.from_pretrained(base).to(device)
    collator = DataCollatorForLanguageModeling(tokenizer, mlm_probability=0.15)
    before = held_out_loss(model, collator, held, device, batch_size)
    progress(f"held-out masked-LM loss before: {before:.4f}")
    optimizer = torch.optim.AdamW(model.parameters(), lr=learning_rate, weight_decay=0.01)
    scheduler = get_linear_schedule_with_warmup(optimizer, max(1, steps // 20), steps)
    rng = random.Random(seed)
    model.train()
    for step in range(1, steps + 1):
        batch = collator([{"input_ids": block} for block in rng.sample(train, min(batch_size, len(train)))])
        loss = model(**{key: value.to(device) for key, value in batch.items()}).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
        if step % max(1, steps // 10) == 0 or step == steps:
            progress(f"step {step}/{steps}: loss {loss.item():.4f}")
    after = held_out_loss(model, collator, held, device, batch_size)
    progress(f"held-out masked-LM loss after: {after:.4f} (before {before:.4f})")
    _, path = registry.new_version_dir(settings.models_dir, name or "base-minilm")
    model.save_pretrained(path)
    tokenizer.save_pretrained(path)
    registry.write_card(path, {"kind": "base", "base_model": str(base), "objective": "masked-lm",
                               "training_data": list(sources), "texts": len(texts), "blocks": len(train),
                               "train_config": {"steps": steps, "batch_size": batch_size, "max_length": max_length,
                                                "learning_rate": learning_rate, "seed": seed},
                               "device": device})
    registry.update_metrics(path, {"heldout": {"masked_lm_loss_before": round(before, 4),
                                               "masked_lm_loss_after": round(after, 4), "blocks": len(held)}})
    progress(f"saved {path}")
    return path


def held_out_loss(model, collator, blocks: list[list[int]], device: str, batch_size: int) -> float:
    """Mean masked-LM loss over the held-out blocks with a fixed masking (the same before and after training)."""
    import torch

    if not blocks:
        return float("nan")
    state = torch.random.get_rng_state()
    torch.manual_seed(0)
    total, count = 0.0, 0
    model.eval()
    with torch.inference_mode():
        for start in range(0, len(blocks), batch_size):
            batch = collator([{"input_ids": block} for block in blocks[start:start + batch_size]])
            total += model(**{key: value.to(device) for key, value in batch.items()}).loss.item()
            count += 1
    torch.random.set_rng_state(state)
    model.train()
    return total / count
