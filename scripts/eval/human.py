"""Agreement with people: WMT12 fr→en 5-way relative rankings of system outputs (newstest2012).

WMT's Kendall tau-like statistic over the pairwise preferences in each judgment: (concordant − discordant) /
(concordant + discordant), pairs the annotator tied left out, blank ranks dropped. A metric tie on a pair the
annotator separated counts as discordant (as WMT12 did); the "ties skipped" column leaves those pairs out, which
matters for a score that gives 100 to every segment without findings.
Signals: the checker's segment score (source vs system output, reference-free), sentence chrF against the
reference (reference-based), plain sentence cosine (source vs output).
"""
from __future__ import annotations

from typing import Any

from checker.record import Record

from . import data
from .common import get_checker, pair_cosines, table
from .metrics import kendall_tau_like


def run(args) -> dict[str, Any]:
    from sacrebleu.metrics import CHRF

    judgments = data.wmt12_rankings()
    judgments = [j for j in judgments if len(j["ranks"]) >= 2]
    if args.limit:
        judgments = judgments[: args.limit]
    src_path, ref_path, _ = data.wmt_paths(2012)
    sources, refs = data.read_lines(src_path), data.read_lines(ref_path)
    outputs = {}
    needed = sorted({(sys_id, j["src_index"]) for j in judgments for sys_id, _ in j["ranks"]})
    for sys_id in sorted({s for s, _ in needed}):
        outputs[sys_id] = data.read_lines(data.wmt_system_file(2012, sys_id))

    checker = get_checker(args.model)
    records = [Record(f"{s}:{i}", sources[i], outputs[s][i]) for s, i in needed]
    scores: dict[str, dict] = {"checker": {}, "chrF (reference)": {}, "cosine": {}}
    for key, pair in zip(needed, checker.check_many(records), strict=True):
        scores["checker"][key] = pair.score if not isinstance(pair, Exception) else 0.0
    chrf = CHRF()
    for s, i in needed:
        scores["chrF (reference)"][(s, i)] = chrf.sentence_score(outputs[s][i], [refs[i]]).score
    cos = pair_cosines([sources[i] for _, i in needed], [outputs[s][i] for s, i in needed], args.model)
    scores["cosine"] = dict(zip(needed, map(float, cos), strict=True))
    # A diagnostic, not a shipped score: the checker's score with its ties (most segments score 100) ordered by
    # cosine. Scores differ by ≥ 0.1 when they differ, so 0.001 × cosine only reorders tied segments.
    scores["checker, ties by cosine"] = {k: scores["checker"][k] + 0.001 * scores["cosine"][k] for k in needed}

    out: dict[str, Any] = {"judgments": len(judgments), "segments": len(needed)}
    rows = []
    for name, by_key in scores.items():
        def ranked(by_key=by_key):
            return ([(rank, by_key[(s, j["src_index"])]) for s, rank in j["ranks"]] for j in judgments)

        penalised = kendall_tau_like(ranked(), metric_ties="discordant")
        skipped = kendall_tau_like(ranked(), metric_ties="skip")
        out[name] = {"tau": penalised["tau"], "tau_ties_skipped": skipped["tau"], **{
            k: penalised[k] for k in ("concordant", "discordant", "metric_ties")}}
        rows.append([name, penalised["tau"], skipped["tau"], penalised["concordant"],
                     penalised["discordant"] - penalised["metric_ties"], penalised["metric_ties"]])
    table(["signal", "tau (WMT12, ties penalised)", "tau (ties skipped)", "concordant", "discordant", "metric ties"],
          rows, title=f"human: WMT12 fr→en rankings, {len(judgments)} judgments over {len(needed)} outputs")
    return out
