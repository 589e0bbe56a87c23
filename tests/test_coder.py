"""The learned coder: labels, model folders, training, the pipeline joining rules and model, and the
``train`` / ``evaluate`` commands. The sentences here are written for these tests."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from sitrep.errors import InputError
from sitrep.events.builder import Draft
from sitrep.events.coding import arbitrate
from sitrep.events.taxonomy import Code
from sitrep.ml import BUILTIN, Coder, MLUnavailableError, ModelError, load_coder
from sitrep.ml.coder import Guess, Prediction, builtin_folder
from sitrep.ml.data import Example, builtin_examples, read_gold
from sitrep.ml.embed import DIMENSIONS, Embedder
from sitrep.ml.heads import Head
from sitrep.ml.labels import LABELS, acled_label, cameo_label, plover_label
from sitrep.ml.train import fingerprint
from sitrep.model import Article
from sitrep.nlp.triggers import TriggerEntry, TriggerMention
from sitrep.pipeline import Options, Pipeline

SITREP = Path(sys.executable).parent / "sitrep"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SITREP), *map(str, args)], capture_output=True, text=True, timeout=300, check=False)


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


# --- labels ------------------------------------------------------------------------------------


def test_plover_labels_accept_old_names_and_any_case() -> None:
    assert plover_label("assault") == "ASSAULT"
    assert plover_label("FIGHT") == "ASSAULT"
    assert plover_label("Demand") == "REQUEST"
    assert plover_label("none") == "none"
    with pytest.raises(ValueError, match="not a PLOVER type"):
        plover_label("BOMBARD")


def test_cameo_labels_become_roots() -> None:
    assert cameo_label("190") == "19"
    assert cameo_label(43) == "43"[:2] if False else cameo_label("043") == "04"
    assert cameo_label("7") == "07"
    assert cameo_label("none") == "none"
    for bad in ("21", "00", "x1", ""):
        with pytest.raises(ValueError, match="not a CAMEO code"):
            cameo_label(bad)


def test_acled_labels_follow_the_codebook_spelling() -> None:
    assert acled_label("armed clash") == "Armed clash"
    with pytest.raises(ValueError, match="not an ACLED sub-event type"):
        acled_label("Skirmish")


# --- user gold files -----------------------------------------------------------------------------


def test_gold_sentences_and_articles_are_read(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "gold.jsonl", [
        {"text": "Troops traded fire with insurgents near the border post.", "plover_type": "ASSAULT",
         "event_type": "Battles", "sub_event_type": "Armed clash", "cameo_root": "190"},
        {"text": "The council asked both sides to talk.", "event": "DEMAND"},
        {"text": "A long report.", "events": [{"evidence": "Police detained nine students.", "plover_type": "COERCE",
                                               "event_type": "Strategic developments", "sub_event_type": "Arrests"}]},
        {"text": "Markets closed higher.", "no_events": True, "expected_events": []},
    ])
    got = list(read_gold(path))
    assert [(e.plover, e.cameo, e.acled) for e in got] == [
        ("ASSAULT", "19", "Armed clash"), ("REQUEST", None, None), ("COERCE", None, "Arrests"), (None, "none", None)]
    assert got[2].text == "Police detained nine students."


@pytest.mark.parametrize(("row", "message"), [
    ({"text": "Something happened.", "plover_type": "BOMBARD"}, "not a PLOVER type"),
    ({"text": "Something happened.", "sub_event_type": "Armed clash", "event_type": "Riots"}, "belongs to 'Battles'"),
    ({"text": "Something happened."}, "no label"),
    ({"plover_type": "ASSAULT"}, 'no "text"'),
])
def test_bad_gold_lines_name_file_and_line(tmp_path: Path, row: dict[str, object], message: str) -> None:
    path = write_jsonl(tmp_path / "gold.jsonl", [{"text": "Fine line.", "plover_type": "ACCUSE"}, row])
    with pytest.raises(InputError, match=message) as info:
        list(read_gold(path))
    assert f"{path}:2" in str(info.value)


# --- model folders ---------------------------------------------------------------------------------


class FixedEmbedder(Embedder):
    """Token vectors from a table instead of the network: heads and folders are tested without torch.
    Each word of a text is one token; the vector of a word not in the table is all zeros."""

    def __init__(self, table: dict[str, np.ndarray]) -> None:
        super().__init__()
        self.table = table

    def load(self) -> Embedder:
        return self

    def tokens(self, texts):  # type: ignore[no-untyped-def]
        zero = np.zeros(DIMENSIONS, np.float32)
        return [np.stack([self.table.get(w, zero) for w in t.split()]) for t in texts]

    def offsets(self, texts):  # type: ignore[no-untyped-def]
        out = []
        for t in texts:
            spans, at = [], 0
            for w in t.split():
                start = t.index(w, at)
                spans.append((start, start + len(w)))
                at = start + len(w)
            out.append(spans)
        return out


def tiny_coder(queries: int = 0) -> tuple[Coder, dict[str, np.ndarray]]:
    """Two labels told apart by one direction each; with a query that looks for act words."""
    a, b, c = (np.zeros(DIMENSIONS, np.float32) for _ in range(3))
    a[0], b[1], c[2] = 1.0, 1.0, 1.0
    table = {"shelling": a, "talks": b, "town": c}
    width = DIMENSIONS * (queries + 1)
    w = np.zeros((2, width), np.float32)
    for k in range(queries + 1):
        w[0, k * DIMENSIONS], w[1, k * DIMENSIONS + 1] = 5.0, 5.0
    qw = np.zeros((queries, DIMENSIONS), np.float32)
    qw[:, 0], qw[:, 1] = 4.0, 4.0  # attend to "shelling" and "talks", not "town"
    qb = np.zeros(queries, np.float32)
    heads = {"plover": Head(("ASSAULT", "CONSULT"), qw, qb, w, np.zeros(2, np.float32)),
             "cameo": Head(("19", "04"), qw, qb, w, np.zeros(2, np.float32))}
    return Coder(heads, {"name": "tiny"}, FixedEmbedder(table)), table


@pytest.mark.parametrize("queries", [0, 2])
def test_a_model_folder_round_trips(tmp_path: Path, queries: int) -> None:
    coder, table = tiny_coder(queries)
    coder.save(tmp_path / "m")
    again = load_coder(tmp_path / "m", FixedEmbedder(table))
    p = again.predict(["shelling", "talks"])
    assert [x.plover.label for x in p] == ["ASSAULT", "CONSULT"]
    assert [x.cameo.label for x in p] == ["19", "04"]
    assert p[0].plover.probability > 0.9 and p[0].acled is None


def test_the_focus_is_the_word_the_head_attended_to() -> None:
    coder, _ = tiny_coder(queries=2)
    text = "the town saw shelling"
    (p,) = coder.predict([text])
    assert p.plover.label == "ASSAULT"
    assert p.focus is not None and text[p.focus[0]:p.focus[1]] == "shelling"
    plain, _ = tiny_coder(queries=0)
    assert plain.predict([text])[0].focus is None  # a mean-only head points at no word


def test_predictions_are_cached_per_sentence() -> None:
    coder, table = tiny_coder(queries=1)
    calls: list[list[str]] = []
    tokens = coder.embedder.tokens

    def counting(texts):  # type: ignore[no-untyped-def]
        calls.append(list(texts))
        return tokens(texts)

    coder.embedder.tokens = counting  # type: ignore[method-assign]
    first = coder.predict(["shelling", "talks", "shelling"])
    again = coder.predict(["talks", "shelling"])
    assert calls == [["shelling", "talks"]]  # each sentence encoded once, repeats served from the cache
    assert [p.plover.label for p in again] == ["CONSULT", "ASSAULT"] and again[1] == first[0]


def test_heads_train_on_token_matrices() -> None:
    pytest.importorskip("torch")
    from sitrep.ml.heads import train_head

    rng = np.random.default_rng(3)
    act = {"ASSAULT": 0, "CONSULT": 1}
    sentences, labels = [], []
    for i in range(40):
        label = "ASSAULT" if i % 2 else "CONSULT"
        m = rng.normal(0, 0.05, (6, 8)).astype(np.float32)
        m[rng.integers(1, 5), act[label]] += 3.0  # one token, anywhere in the sentence, carries the act
        sentences.append(m)
        labels.append(label)
    head = train_head(sentences, labels, queries=2, epochs=40)
    assert head.weights.shape == (2, 8 * 3) and head.query_weights.shape == (2, 8)
    predicted = [head.labels[int(i)] for i in head.proba(sentences).argmax(axis=1)]
    assert sum(p == g for p, g in zip(predicted, labels, strict=True)) >= 38
    again = train_head(sentences, labels, queries=2, epochs=40)
    assert np.allclose(again.weights, head.weights)  # same data, same seed: same head


def test_missing_and_incomplete_model_folders(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no such model folder"):
        load_coder(tmp_path / "nothing")
    (tmp_path / "half").mkdir()
    (tmp_path / "half" / "model.json").write_text("{}")
    with pytest.raises(ModelError, match="heads.npz is missing"):
        load_coder(tmp_path / "half")


def test_corrupt_model_folders(tmp_path: Path) -> None:
    coder, _ = tiny_coder()
    folder = tmp_path / "m"
    coder.save(folder)
    (folder / "heads.npz").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ModelError, match="corrupt"):
        load_coder(folder)
    coder.save(folder)
    (folder / "model.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match="unreadable"):
        load_coder(folder)


def test_labels_outside_the_taxonomy_are_refused(tmp_path: Path) -> None:
    coder, _ = tiny_coder()
    folder = tmp_path / "m"
    coder.save(folder)
    meta = json.loads((folder / "model.json").read_text())
    meta["labels"]["plover"] = ["ASSAULT", "BOMBARD"]
    (folder / "model.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="outside the taxonomy: BOMBARD"):
        load_coder(folder)


def test_a_missing_extra_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    with pytest.raises(MLUnavailableError, match=r"pip install 'sitrep\[ml\]'"):
        Embedder().load()


# --- the packaged model ------------------------------------------------------------------------------


def test_exemplars_cover_every_label() -> None:
    examples = builtin_examples()
    for head, labels in LABELS.items():
        seen = {e.label(head) for e in examples}
        assert set(labels) <= seen, f"{head}: no exemplar for {sorted(set(labels) - seen)}"


def test_packaged_model_was_trained_on_the_current_exemplars() -> None:
    meta = json.loads((builtin_folder() / "model.json").read_text(encoding="utf-8"))
    assert meta["fingerprint"] == fingerprint(list(builtin_examples())), \
        "data/coder changed: rebuild the packaged model with 'make coder'"


@pytest.fixture(scope="module")
def builtin() -> Coder:
    return load_coder(BUILTIN).load()


#: Sentences written for this test (not in the exemplars), with the PLOVER type a coder would give.
PARAPHRASES = [
    ("Insurgents pounded the garrison with mortars overnight.", "ASSAULT"),
    ("A convoy came under fire from gunmen hiding in the hills.", "ASSAULT"),
    ("Warplanes struck a fuel depot on the edge of the port city.", "ASSAULT"),
    ("Thousands of nurses marched on parliament demanding back pay.", "PROTEST"),
    ("Dock workers downed tools for a third day over unpaid wages.", "PROTEST"),
    ("The foreign minister urged the rebels to lay down their arms.", "REQUEST"),
    ("Aid agencies appealed for safe passage for trucks carrying flour.", "REQUEST"),
    ("Both governments signed a pact to reopen the border crossing.", "AGREE"),
    ("The opposition leader flatly turned down the offer of a unity cabinet.", "REJECT"),
    ("The junta dismissed the mediators' proposal as meaningless.", "REJECT"),
    ("Police rounded up dozens of activists before dawn.", "COERCE"),
    ("Authorities imposed a dusk-to-dawn curfew across the province.", "COERCE"),
    ("The two presidents met in the capital to discuss water sharing.", "CONSULT"),
    ("The envoy flew to the neighbouring capital for a round of talks.", "CONSULT"),
    ("The ministry blamed the separatists for the bombing of the bridge.", "ACCUSE"),
    ("Rights groups condemned the execution of the three activists.", "ACCUSE"),
    ("The army chief warned that any incursion would be met with force.", "THREATEN"),
    ("The neighbouring state expelled four diplomats and cut trade ties.", "SANCTION"),
    ("Tanks and artillery were moved up to the frontier overnight.", "MOBILIZE"),
    ("The government freed two hundred prisoners as a goodwill gesture.", "CONCEDE"),
    ("The militia pulled its fighters out of the disputed district.", "RETREAT"),
    ("The relief agency delivered tents and medicine to the flooded valley.", "AID"),
    ("The two armies agreed to share intelligence on the smuggling routes.", "COOPERATE"),
    ("The prime minister voiced strong backing for the new peace envoy.", "SUPPORT"),
    ("The league's final ended in a goalless draw after extra time.", "none"),
    ("The company's shares rose four percent after strong quarterly results.", "none"),
    ("Rain is expected across the north for most of the week.", "none"),
    ("The museum reopened its gallery of medieval manuscripts on Saturday.", "none"),
]
#: The packaged model's floor on PARAPHRASES (measured 2026-11-26; see docs/coder.md).
PARAPHRASE_FLOOR = 0.75


def test_builtin_model_codes_paraphrases(builtin: Coder) -> None:
    predicted = builtin.predict([text for text, _ in PARAPHRASES])
    right = [p.plover.label == want for p, (_, want) in zip(predicted, PARAPHRASES, strict=True)]
    wrong = [(text, want, p.plover.label) for p, (text, want), ok in zip(predicted, PARAPHRASES, right, strict=True)
             if not ok]
    assert sum(right) / len(right) >= PARAPHRASE_FLOOR, wrong


# --- rules and model together -------------------------------------------------------------------------

PARAPHRASE = ("Government troops came under heavy fire from separatist fighters outside Donetsk on Tuesday, "
              "the regional governor said.\n")


@pytest.fixture(scope="module")
def with_model() -> Pipeline:
    return Pipeline(Options(model=BUILTIN)).load()


def test_model_events_carry_their_provenance(with_model: Pipeline) -> None:
    article = Article(text="Rebels stormed the town of Gao on Monday. The army said it was regrouping.\n"
                      "Separatist gunmen pounded a checkpoint near Donetsk on Tuesday.\n",
                      published=__import__("datetime").date(2021, 3, 5))
    events = with_model.extract(article)
    assert events, "no events"
    for e in events:
        assert e.coded_by in ("rules", "rules+model", "model over rules", "model")
        assert e.model_codes.startswith("model: PLOVER ")


class SureCoder:
    """Codes every sentence with one PLOVER type, at a chosen probability."""

    def __init__(self, plover: str, probability: float) -> None:
        self.guess = Guess(plover, probability)

    def predict(self, texts: list[str]) -> list[Prediction]:
        return [Prediction(self.guess, Guess("03", 0.9), Guess("none", 0.9), self.guess, 0.0, None) for _ in texts]


@pytest.mark.parametrize(("text", "sure", "expected"), [
    # a statement verb or an act's strong trigger stands whatever the model says; a confident model
    # that disagrees is recorded (on our held-out articles its recodes of statements were wrong 10 times in 11)
    ("The Peruvian government demanded the release of the miners on Monday.", 0.9,
     ("REQUEST", "rules, model disagrees")),
    ("The Peruvian government demanded the release of the miners on Monday.", 0.4, ("REQUEST", "rules")),
    ("Peruvian troops shelled the village of Yanahuanca on Monday.", 0.95, ("ASSAULT", "rules, model disagrees")),
])
def test_a_confident_model_does_not_recode_strong_triggers(text: str, sure: float,
                                                           expected: tuple[str, str]) -> None:
    pipeline = Pipeline(Options()).load()
    pipeline._coder = SureCoder("AGREE", sure)
    (event,) = pipeline.extract(Article(text=text, id="t", published=None))
    assert (event.plover_type, event.coded_by) == expected


class RankedCoder:
    """Ranks PLOVER types and CAMEO roots as given, for every sentence."""

    def __init__(self, plover: list[tuple[str, float]], cameo: list[tuple[str, float]]) -> None:
        self.plover = tuple(Guess(label, p) for label, p in plover)
        self.cameo = tuple(Guess(label, p) for label, p in cameo)

    def predict(self, texts: list[str]) -> list[Prediction]:
        event = next(g for g in self.plover if g.label != "none")
        no_event = next((g.probability for g in self.plover if g.label == "none"), 0.0)
        return [Prediction(self.plover[0], self.cameo[0], Guess("none", 0.9), event, no_event, None,
                           self.cameo, self.plover) for _ in texts]


@pytest.mark.parametrize(("plover", "cameo", "expected"), [
    # the best type's roots are all unlikely: the pair whose probabilities multiply to the most wins
    ([("REJECT", 0.5), ("ACCUSE", 0.4), ("none", 0.05)], [("01", 0.55), ("11", 0.35), ("12", 0.05)],
     ("ACCUSE", "110")),
    # a type that gathers two roots takes the likelier one
    ([("REQUEST", 0.7), ("ACCUSE", 0.2), ("none", 0.05)], [("02", 0.6), ("10", 0.2), ("11", 0.1)],
     ("REQUEST", "020")),
])
def test_the_plover_type_and_cameo_root_are_read_together(plover: list[tuple[str, float]],
                                                          cameo: list[tuple[str, float]],
                                                          expected: tuple[str, str]) -> None:
    pipeline = Pipeline(Options()).load()
    pipeline._coder = RankedCoder(plover, cameo)
    events = pipeline.extract(Article(text="The Peruvian government spoke about the budget on Monday.", id="t"))
    assert [(e.plover_type, e.cameo_code, e.coded_by) for e in events] == [(*expected, "model")]


def test_without_the_model_nothing_is_coded_by_it() -> None:
    events = Pipeline().load().extract(Article(text=PARAPHRASE))
    assert all(e.coded_by == "rules" and not e.model_codes for e in events)


# --- commands ---------------------------------------------------------------------------------------


def test_train_then_extract_with_the_model(tmp_path: Path) -> None:
    rows = [{"text": f"Militia fighters ambushed a patrol near village number {i}.", "plover_type": "ASSAULT",
             "sub_event_type": "Armed clash", "event_type": "Battles", "cameo_root": "19"} for i in range(6)]
    rows += [{"text": f"The envoy held talks with the minister for the {i}th time.", "plover_type": "CONSULT",
              "cameo_root": "04"} for i in range(6)]
    gold = write_jsonl(tmp_path / "mine.jsonl", rows)
    proc = run("train", gold, "-o", tmp_path / "model")
    assert proc.returncode == 0, proc.stderr
    assert "held-out accuracy" in proc.stderr
    meta = json.loads((tmp_path / "model" / "model.json").read_text())
    assert meta["trained_on"]["plover"] > len(rows)  # our exemplars joined the user's sentences
    text = tmp_path / "a.txt"
    text.write_text(PARAPHRASE, encoding="utf-8")
    proc = run("extract", text, "--published", "2021-03-05", "--model", tmp_path / "model", "-q")
    assert proc.returncode == 0, proc.stderr
    events = [json.loads(line) for line in proc.stdout.splitlines()]
    assert events and all(e["model_codes"] for e in events)


def test_train_refuses_labels_outside_the_taxonomy(tmp_path: Path) -> None:
    gold = write_jsonl(tmp_path / "bad.jsonl", [{"text": "They met.", "plover_type": "CHAT"}])
    proc = run("train", gold, "-o", tmp_path / "model")
    assert proc.returncode == 2
    assert f"{gold}:1" in proc.stderr and "not a PLOVER type" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "model").exists()


def test_extract_with_a_corrupt_model_folder(tmp_path: Path) -> None:
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "model.json").write_text("[]")
    (tmp_path / "m" / "heads.npz").write_bytes(b"")
    text = tmp_path / "a.txt"
    text.write_text(PARAPHRASE, encoding="utf-8")
    proc = run("extract", text, "--model", tmp_path / "m")
    assert proc.returncode == 2
    assert "not a sitrep model description" in proc.stderr and "Traceback" not in proc.stderr


def test_evaluate_scores_events_and_codes(tmp_path: Path) -> None:
    gold = write_jsonl(tmp_path / "events.jsonl", [{
        "id": "g1", "published": "2021-03-05",
        "text": "Police fired tear gas at protesters in Tbilisi on Thursday. Markets were calm.",
        "events": [{"event_type": "Protests", "plover_type": "PROTEST", "latitude": 41.69, "longitude": 44.83,
                    "evidence": "Police fired tear gas at protesters in Tbilisi on Thursday.",
                    "event_date": "2021-03-04"}],
    }])
    proc = run("evaluate", gold, "--json")
    assert proc.returncode == 0, proc.stderr
    scores = json.loads(proc.stdout)
    assert scores["matched"] == 1 and scores["recall"] == 1.0 and scores["date_acc"] == 1.0
    codes = write_jsonl(tmp_path / "codes.jsonl", [
        {"id": "s1", "text": "Police fired tear gas at protesters in Tbilisi on Thursday.", "event": "PROTEST"},
        {"id": "s2", "text": "The weather stayed mild all week.", "event": "ACCUSE"},
    ])
    proc = run("evaluate", codes, "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["accuracy"] == 0.5


def test_example_fingerprints_change_with_labels() -> None:
    a = [Example("x", "ASSAULT")]
    assert fingerprint(a) != fingerprint([Example("x", "PROTEST")])


def test_a_confident_model_does_not_make_a_statement_an_attack() -> None:
    pipeline = Pipeline(Options()).load()
    pipeline._coder = SureCoder("ASSAULT", 0.95)
    (event,) = pipeline.extract(Article(text="Chile's foreign ministry condemned the raid on Monday.", id="t"))
    assert (event.plover_type, event.coded_by) == ("ACCUSE", "rules, model disagrees")


def _draft(role: str, strength: str, plover: str, event_type: str | None = None) -> Draft:
    entry = TriggerEntry(("x",), event_type, None, plover, "000", role, strength, 0)
    return Draft(None, TriggerMention(0, 1, "x", entry, 0, frozenset()),  # type: ignore[arg-type]
                 Code(event_type, None, plover, "000"))


@pytest.mark.parametrize(("plover", "sure", "kept"), [
    # "condemned the shelling ..., saying attacks on families must stop": read as a statement, the
    # sentence keeps its statement and its non-physical acts ("signed an agreement"), not its violence
    ("ACCUSE", 0.9, ["ACCUSE", "AGREE"]),
    # a model unsure of it, or reading an act, leaves the rules' drafts
    ("ACCUSE", 0.6, ["ACCUSE", "ASSAULT", "AGREE"]),
    ("ASSAULT", 0.95, ["ACCUSE", "ASSAULT", "AGREE"]),
])
def test_the_model_decides_whether_a_sentence_is_a_statement_or_an_act(plover: str, sure: float,
                                                                       kept: list[str]) -> None:
    drafts = [_draft("verbal", "strong", "ACCUSE"), _draft("action", "weak", "ASSAULT", "Battles"),
              _draft("action", "strong", "AGREE", "Strategic developments")]
    p = Prediction(Guess(plover, sure), Guess("11", 0.9), Guess("none", 0.9), Guess(plover, sure), 0.0, None)
    assert [d.code.plover_type for d in arbitrate(drafts, p)] == kept


def test_a_statement_without_a_statement_verb_keeps_its_act() -> None:
    # the rules found no statement verb: the act stands whatever the model reads
    drafts = [_draft("action", "weak", "ASSAULT", "Battles")]
    p = Prediction(Guess("ACCUSE", 0.95), Guess("11", 0.9), Guess("none", 0.9), Guess("ACCUSE", 0.95), 0.0, None)
    assert arbitrate(drafts, p) == drafts


@pytest.mark.parametrize(("sure", "strong", "weak"), [
    # a weak trigger ("battle") gives way to a model all but sure nothing happened; a strong one ("shelled") stands
    (0.95, True, False),
    (0.8, True, True),
])
def test_a_sure_no_event_drops_a_weak_trigger(sure: float, strong: bool, weak: bool) -> None:
    text = ("Peruvian troops shelled the camp at Arica on Sunday, killing four civilians. "
            "But diplomats in Lima say the harder battle is what comes next.")
    pipeline = Pipeline(Options()).load()
    pipeline._coder = SureCoder("none", sure)
    events = [e.trigger for e in pipeline.extract(Article(text=text, id="t", published=date(2024, 6, 30)))]
    assert ("shelled" in events, "battle" in events) == (strong, weak)


class ArrestCoder:
    """Reads every sentence as an arrest, both heads at one probability."""

    def __init__(self, probability: float) -> None:
        self.probability = probability

    def predict(self, texts: list[str]) -> list[Prediction]:
        coerce = Guess("COERCE", self.probability)
        return [Prediction(coerce, Guess("17", 0.9), Guess("Arrests", self.probability), coerce, 0.0, None)
                for _ in texts]


@pytest.mark.parametrize(("sure", "expected"), [
    # both heads sure: a weak trigger's act ("raided") becomes another kind of act (the arrests it made)
    (0.95, ("Arrests", "model over rules")),
    (0.8, ("Attack", "rules, model disagrees")),
])
def test_a_model_sure_in_both_heads_recodes_a_weak_act(sure: float, expected: tuple[str, str]) -> None:
    pipeline = Pipeline(Options()).load()
    pipeline._coder = ArrestCoder(sure)
    text = "Police raided homes in Chaman on Monday and detained 27 people."
    (event,) = pipeline.extract(Article(text=text, id="t", published=date(2024, 6, 30)))
    assert (event.sub_event_type, event.coded_by) == expected
