"""The two encoder back-ends: ONNX Runtime for the default model (no torch at run time) and
sentence-transformers (torch) for any other model. Both tokenize once and run one forward pass per batch that
yields the pooled sentence embeddings and the hidden states of the alignment layer."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

from . import BATCH_TEXTS, Encoded, Encoder, SpilledTokens, TokenStates


def cpu_threads() -> int:
    """$CHECKTRANS_THREADS (set by worker processes to their share of the cores), else every usable core."""
    wanted = os.environ.get("CHECKTRANS_THREADS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def one_blas_thread() -> None:
    """Keep numpy's BLAS to one thread once an encoder holds the cores. OpenBLAS's threads spin for a while after
    each product (the quality model's, the aligner's), and the next forward pass, whose threads want those
    cores, waited for them: the probes' pass of a 30-line story took 90 ms instead of 48, the service's median
    story 444 ms instead of 409 (scripts/bench.py --serve), and `--jobs 2` ran 82 pairs/s instead of 102. The
    products are small enough for one core, and their last bits no longer depend on the number of cores."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


def token_states(text: str, prefix_len: int, offsets, special, pieces, states: np.ndarray) -> TokenStates:
    """Keep the tokens that cover text: offsets shift past the prompt, leading whitespace (the "▁" a piece
    carries) is trimmed off, and special, prompt-only, empty and bare "▁" pieces are dropped (tokenizers differ
    on where a bare "▁" points: the space before a word, or the word's first character)."""
    keep, spans = [], []
    n = len(text)
    for i, ((start, end), is_special, piece) in enumerate(zip(offsets, special, pieces, strict=False)):
        if is_special or piece == "▁":
            continue
        start, end = max(int(start) - prefix_len, 0), min(int(end) - prefix_len, n)
        while start < end and text[start].isspace():
            start += 1
        if start >= end:
            continue
        keep.append(i)
        spans.append((start, end))
    return TokenStates(
        offsets=np.asarray(spans, dtype=np.int64).reshape(-1, 2),
        states=np.ascontiguousarray(states[keep], dtype=np.float32).reshape(len(keep), states.shape[-1]),
    )


def _keep(per_text: list, spill: SpilledTokens | None, i: int, states: TokenStates) -> None:
    if spill is None:
        per_text[i] = states
    else:
        spill.put(i, states)


def _kept(per_text: list, spill: SpilledTokens | None):
    """Where `_keep` put the token states."""
    return per_text if spill is None else spill


TOKENIZE_SLICE = 4096  # texts tokenized at once just to learn their lengths

# Padded tokens per batch, at most, with at most BATCH_TEXTS texts. On one core, newstest2014 sentences encoded
# 7 % faster in batches of 512 tokens than of ~1,500, and 2,048 ran slower still. With two threads, 1,024 tokens
# encode sentences as fast as 512 (309-313 texts/s each, three runs alternating) and short lines much faster:
# 10,000 lines of three words, 1,857 texts/s in batches of up to 128 texts against 1,413 in batches of 32 (320
# tokens), where each call's fixed cost weighed.
BATCH_TOKENS = 1024


def _batches(lengths: list[int], batch_size: int, max_tokens: int = BATCH_TOKENS):
    """Index batches of texts of similar length (so that padding stays small), each of at most `batch_size`
    texts and `max_tokens` padded tokens (a longer text goes alone)."""
    order = sorted(range(len(lengths)), key=lambda i: (lengths[i], i))
    batch: list[int] = []
    for i in order:  # ascending: the newest text is the longest of its batch
        if batch and (len(batch) == batch_size or (len(batch) + 1) * lengths[i] > max_tokens):
            yield batch
            batch = []
        batch.append(i)
    if batch:
        yield batch


class _Rows:
    """The rows of one fp32 matrix inside a .safetensors file (8-byte header length, JSON header, then raw
    little-endian data), read on demand with pread. A cold start reads only the rows it needs, and the rows stay
    in the page cache rather than in the process: through a memory map, every row a long document touched
    counted in its resident memory (up to the whole 384 MB matrix; 250 MB on 10,000 short lines)."""

    def __init__(self, path: Path, tensor: str):
        with open(path, "rb") as fh:
            header_len = int.from_bytes(fh.read(8), "little")
            header = json.loads(fh.read(header_len))
        info = header[tensor]
        if info["dtype"] != "F32":
            raise ValueError(f"{path}: {tensor} is {info['dtype']}, expected F32")
        self.shape = tuple(info["shape"])
        self._row_bytes = 4 * int(self.shape[1])
        self._base = 8 + header_len + info["data_offsets"][0]
        self._fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))

    def __getitem__(self, ids: np.ndarray) -> np.ndarray:
        """The rows of `ids` (a flat int array), as one (len(ids), dim) float32 array."""
        unique, inverse = np.unique(ids, return_inverse=True)
        rows = np.empty((len(unique), self.shape[1]), np.float32)
        for k, i in enumerate(unique.tolist()):
            rows[k] = np.frombuffer(os.pread(self._fd, self._row_bytes, self._base + i * self._row_bytes), "<f4")
        return rows[inverse.reshape(-1)]

    def __del__(self, _close=os.close):  # bound now: at interpreter exit the os module may be gone already
        fd = getattr(self, "_fd", None)
        if fd is not None:
            _close(fd)


class OnnxEncoder(Encoder):
    """The default model: `tokenizers` + ONNX Runtime, word embeddings gathered from a memory map."""

    def __init__(self, folder: Path, name: str, variant: str | None = None):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        meta = json.loads((folder / "onnx" / "encoder.json").read_text())
        self.folder = folder
        self.name = name
        self.variant = variant or meta["default_variant"]
        self.alignment_layer = int(meta["alignment_layer"])
        self.prompt = meta["prompt"]
        self.max_tokens = int(meta["max_tokens"])
        emb = meta["word_embeddings"]
        self._word = _Rows((folder / "onnx" / emb["file"]).resolve(), emb["tensor"])
        self.dim = int(self._word.shape[1])
        one_blas_thread()
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = cpu_threads()
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        self._session = ort.InferenceSession(str(folder / "onnx" / meta["variants"][self.variant]), opts,
                                             providers=["CPUExecutionProvider"])
        self._tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tok.enable_truncation(self.max_tokens)
        self._pad = self._tok.token_to_id("<pad>")

    def encode(self, texts: list[str], *, tokens: bool = False, batch_size: int = BATCH_TEXTS,
               spill: SpilledTokens | None = None) -> Encoded:
        texts = list(texts)
        out = np.zeros((len(texts), self.dim), np.float32)
        per_text: list[TokenStates | None] = [None] * len(texts)
        if not texts:
            return Encoded(out, [] if tokens else None)
        prompted = [self.prompt + t for t in texts]
        # A tokenizer Encoding holds ~2 kB for a sentence (pieces, offsets, masks): all of a 2 MB story's (plus
        # its probes') at once took 200 MB. A long call learns the lengths a slice at a time and tokenizes each
        # batch again; a call of one slice (any story of ordinary length) keeps its Encodings.
        if len(prompted) <= TOKENIZE_SLICE:
            whole = self._tok.encode_batch(prompted, add_special_tokens=True)
            lengths = [len(e.ids) for e in whole]

            def encodings(idx: list[int]) -> list:
                return [whole[i] for i in idx]
        else:
            lengths = [len(e.ids) for k in range(0, len(prompted), TOKENIZE_SLICE)
                       for e in self._tok.encode_batch(prompted[k : k + TOKENIZE_SLICE], add_special_tokens=True)]

            def encodings(idx: list[int]) -> list:
                return self._tok.encode_batch([prompted[i] for i in idx], add_special_tokens=True)
        for idx in _batches(lengths, batch_size):
            encs = dict(zip(idx, encodings(idx), strict=True))
            width = max(lengths[i] for i in idx)
            ids = np.full((len(idx), width), self._pad, np.int64)
            mask = np.zeros((len(idx), width), np.int64)
            for r, i in enumerate(idx):
                ids[r, : lengths[i]] = encs[i].ids
                mask[r, : lengths[i]] = 1
            embeds = self._word[ids.reshape(-1)].reshape(len(idx), width, self.dim)
            pooled, layer = self._session.run(None, {"inputs_embeds": embeds, "attention_mask": mask})
            out[idx] = pooled
            if tokens:
                for r, i in enumerate(idx):
                    e = encs[i]
                    n = len(e.ids)
                    _keep(per_text, spill, i, token_states(texts[i], len(self.prompt), e.offsets,
                                                           [bool(s) for s in e.special_tokens_mask], e.tokens,
                                                           layer[r, :n]))
        return Encoded(out, _kept(per_text, spill) if tokens else None)


class SentenceTransformerEncoder(Encoder):
    """Any sentence-transformers model, by name or local path; hidden states come from `output_hidden_states`."""

    def __init__(self, name_or_path: str, layer: int | None = None):
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(cpu_threads())
        one_blas_thread()
        self.model = SentenceTransformer(name_or_path, device="cpu")
        self.model.eval()
        self.name = Path(name_or_path).name if Path(name_or_path).exists() else name_or_path
        dim_of = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.dim = int(dim_of())
        self.tokenizer = self.model.tokenizer
        self.auto_model = self.model[0].auto_model
        self.auto_model.config.output_hidden_states = True
        n_layers = int(getattr(self.auto_model.config, "num_hidden_layers", 12))
        self.alignment_layer = n_layers // 2 if layer is None else int(layer)
        prompts = getattr(self.model, "prompts", {}) or {}
        self.prompt = prompts.get("passage") or prompts.get("document") or (
            "passage: " if "e5" in self.name.lower() else "")
        self.max_tokens = int(self.model.max_seq_length or 512)

    def encode(self, texts: list[str], *, tokens: bool = False, batch_size: int = BATCH_TEXTS,
               spill: SpilledTokens | None = None) -> Encoded:
        import torch

        texts = list(texts)
        out = np.zeros((len(texts), self.dim), np.float32)
        per_text: list[TokenStates | None] = [None] * len(texts)
        if not texts:
            return Encoded(out, [] if tokens else None)
        prefixed = [self.prompt + t for t in texts]
        lengths = [len(x) for x in self.tokenizer(prefixed, truncation=True, max_length=self.max_tokens)["input_ids"]]
        for idx in _batches(lengths, batch_size):
            feats = self.tokenizer([prefixed[i] for i in idx], padding=True, truncation=True,
                                   max_length=self.max_tokens, return_tensors="pt",
                                   return_offsets_mapping=True, return_special_tokens_mask=True)
            offsets = feats.pop("offset_mapping").numpy()
            special = feats.pop("special_tokens_mask").numpy()
            with torch.inference_mode():
                res = self.model(dict(feats))
            pooled = torch.nn.functional.normalize(res["sentence_embedding"].float(), dim=-1).numpy()
            out[idx] = pooled
            if tokens:
                layer = res["all_layer_embeddings"][self.alignment_layer].float().numpy()
                mask = feats["attention_mask"].numpy().astype(bool)
                for r, i in enumerate(idx):
                    pieces = self.tokenizer.convert_ids_to_tokens(feats["input_ids"][r][mask[r]].tolist())
                    _keep(per_text, spill, i, token_states(texts[i], len(self.prompt), offsets[r][mask[r]],
                                                           special[r][mask[r]].astype(bool), pieces,
                                                           layer[r][mask[r]]))
        return Encoded(out, _kept(per_text, spill) if tokens else None)
