#!/usr/bin/env bash
# The one device call for a lent GPU (docs/benchmarks.md, "On a GPU"): pretraining + NER/RE on both bases
# (bench/extraction_gpu.py), KGE training throughput (bench/kge_gpu.py), NER tagging throughput (bench/ner_gpu.py).
#
# It expects a bundle in .gpu/ (ignored by git; the GPU machine has no registry and no ../shared):
#   .gpu/whl/*.whl        the packages that machine lacks (pydantic, pydantic-settings, pykeen and its small deps,
#                         neo4j, pytz), built for CPython 3.12 manylinux; its own torch/transformers are used
#   .gpu/minilm16/        MiniLM-L6 with its weights saved in float16 (the 64 MiB limit on what travels),
#                         widened back to float32 here before anything reads it
#   .gpu/data.tar.xz      the shared data folders the scripts read (bc5cdr, ncbi-disease, biored, ade-corpus-v2,
#                         ddi2013, pubmed-xml-samples, dailymed-indications-text, mesh-2015)
# Figures land in $OUT (extraction.json and the three logs).
set -u
OUT=${OUT:-/tmp/gpu-out}
mkdir -p "$OUT" /tmp/data /tmp/minilm
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .gpu/whl/*.whl \
  || { echo "wheel install failed"; exit 2; }
export PYTHONPATH=/tmp/site:$PWD PYTHONUNBUFFERED=1 MEDKG_DATA_DIR=/tmp/data MEDKG_BASE_MODEL=/tmp/minilm
tar -C /tmp/data -xJf .gpu/data.tar.xz
cp .gpu/minilm16/*.json .gpu/minilm16/vocab.txt /tmp/minilm/
python3 - <<'EOF'
import torch
from safetensors.torch import load_file, save_file
weights = load_file(".gpu/minilm16/model.safetensors")
save_file({k: v.to(torch.float32).contiguous() for k, v in weights.items()}, "/tmp/minilm/model.safetensors",
          metadata={"format": "pt"})
EOF
nvidia-smi -L; python3 -c "import torch, transformers; print('torch', torch.__version__, 'transformers', transformers.__version__)"
quiet() { grep -v -E "Loading weights|Writing model|it/s\]|batch/s\]" ; }
timeout "${EXTRACTION_S:-390}" python3 bench/extraction_gpu.py --max-examples "${MAX_EXAMPLES:-14000}" \
  --re-epochs "${RE_EPOCHS:-2}" --out "$OUT/extraction.json" 2>&1 | quiet > "$OUT/extraction.log"
echo "extraction rc ${PIPESTATUS[0]}"; grep -E '^\{"(pretrain|stock|pretrained)' "$OUT/extraction.log" | cut -c1-600
[ "${KGE_S:-90}" != 0 ] && timeout "${KGE_S:-90}" python3 bench/kge_gpu.py --triples 1000000 --epochs 2 --batch-sizes 65536 2>&1 | tee "$OUT/kge.log"
NER=/tmp/medkg-gpu-home/models/ner-stock/v1
[ -d "$NER" ] && timeout "${NER_S:-70}" python3 bench/ner_gpu.py --model "$NER" --abstracts 20000 \
  --cpu-abstracts 100 2>&1 | quiet | tee "$OUT/ner.log"
exit 0
