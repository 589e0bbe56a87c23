"""The trigger and cue lexicons (data/triggers.tsv, data/cues.tsv), read through their loaders."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from sitrep.errors import DataError
from sitrep.events.taxonomy import ACLED_TYPES, PLOVER_TYPES
from sitrep.nlp import triggers
from sitrep.nlp.triggers import load_cues, load_triggers

ROLES = {"action", "outcome", "verbal", "weapon"}
CUE_KINDS = {"negation", "hypothetical", "habitual", "caveat", "nonpolitical", "metaphor", "cumulative",
             "anniversary"}
TRIGGERS_HEADER = "forms\tevent_type\tsub_event_type\tplover_type\tcameo_code\trole\tstrength\tpriority\n"
CUES_HEADER = "cue\tkind\tscope\n"
GOOD_TRIGGER = "shelled|shelling\tExplosions/Remote violence\tShelling/artillery/missile attack\tASSAULT\t194\t" \
               "action\tstrong\t60\n"


# --- the bundled files -------------------------------------------------------------------------


def test_triggers_load() -> None:
    assert len(load_triggers()) >= 20


def test_cues_load() -> None:
    assert len(load_cues()) >= 50


def test_every_event_type_is_an_acled_type() -> None:
    bad = [(e.forms[0], e.event_type, e.sub_event_type) for e in load_triggers()
           if e.event_type is not None and e.sub_event_type not in ACLED_TYPES.get(e.event_type, ())]
    assert bad == []


def test_verbal_triggers_have_no_acled_type() -> None:
    bad = [e.forms[0] for e in load_triggers()
           if (e.role == "verbal") != (e.event_type is None) or (e.event_type is None) != (e.sub_event_type is None)]
    assert bad == []


def test_every_plover_type_is_known() -> None:
    assert [e.forms[0] for e in load_triggers() if e.plover_type not in PLOVER_TYPES] == []


def test_cameo_codes_are_two_to_four_digits_with_a_root_from_01_to_20() -> None:
    bad = [(e.forms[0], e.cameo_code) for e in load_triggers()
           if not (e.cameo_code.isdigit() and 2 <= len(e.cameo_code) <= 4 and 1 <= int(e.cameo_code[:2]) <= 20)]
    assert bad == []


def test_roles_and_strengths_are_known() -> None:
    assert {e.role for e in load_triggers()} <= ROLES
    assert {e.strength for e in load_triggers()} <= {"strong", "weak"}


def test_forms_are_lower_case_and_non_empty() -> None:
    for entry in load_triggers():
        assert entry.forms, entry
        assert all(f == f.lower() and f == f.strip() for f in entry.forms), entry.forms


def test_no_trigger_form_has_two_meanings() -> None:
    # A form may sit in an action row and a weapon row ("rockets"), but must code the same way.
    meanings: dict[str, set[tuple[str | None, str | None, str, str]]] = defaultdict(set)
    for e in load_triggers():
        for form in e.forms:
            meanings[form].add((e.event_type, e.sub_event_type, e.plover_type, e.cameo_code))
    assert {f: m for f, m in meanings.items() if len(m) > 1} == {}


def test_no_cue_has_two_meanings() -> None:
    meanings: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for cue in load_cues():
        meanings[cue.text.lower()].add((cue.kind, cue.scope))
    assert {c: m for c, m in meanings.items() if len(m) > 1} == {}


def test_cue_kinds_and_scopes_are_known() -> None:
    assert {c.kind for c in load_cues()} <= CUE_KINDS
    assert {c.scope for c in load_cues()} <= {"clause", "sentence"}
    assert all(c.text and c.text == c.text.strip() for c in load_cues())


# --- parsing, on files written by the test -----------------------------------------------------


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the loaders at a temporary data folder; restore the bundled data afterwards."""
    monkeypatch.setattr(triggers, "resources", SimpleNamespace(files=lambda _package: tmp_path))
    load_triggers.cache_clear()
    load_cues.cache_clear()
    yield tmp_path
    load_triggers.cache_clear()
    load_cues.cache_clear()


def test_a_good_triggers_file_parses(data_dir: Path) -> None:
    verbal = "called for|urged\t-\t-\tREQUEST\t020\tverbal\tstrong\t0\n"
    (data_dir / "triggers.tsv").write_text("# comment\n\n" + TRIGGERS_HEADER + GOOD_TRIGGER + verbal)
    shelled, called = load_triggers()
    assert shelled.forms == ("shelled", "shelling")
    assert (shelled.event_type, shelled.plover_type, shelled.cameo_code, shelled.priority) == \
        ("Explosions/Remote violence", "ASSAULT", "194", 60)
    assert (called.event_type, called.sub_event_type, called.role) == (None, None, "verbal")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("shelled\tExplosions/Remote violence\tShelling/artillery/missile attack\tASSAULT\t194\taction\tstrong\n",
         "expected 8 columns"),
        (GOOD_TRIGGER.rstrip("\n") + "\textra\n", "expected 8 columns"),
        (GOOD_TRIGGER.replace("\taction\t", "\tactor\t"), "bad role or strength"),
        (GOOD_TRIGGER.replace("\tstrong\t", "\tmedium\t"), "bad role or strength"),
        (GOOD_TRIGGER.replace("\t60\n", "\thigh\n"), "priority"),
    ],
    ids=["too-few-columns", "too-many-columns", "bad-role", "bad-strength", "priority-not-a-number"],
)
def test_a_malformed_trigger_row_is_refused(data_dir: Path, row: str, message: str) -> None:
    (data_dir / "triggers.tsv").write_text(TRIGGERS_HEADER + GOOD_TRIGGER + row)
    with pytest.raises(DataError, match=message) as info:
        load_triggers()
    assert "triggers.tsv:3" in str(info.value)


def test_a_good_cues_file_parses(data_dir: Path) -> None:
    rows = "not\tnegation\tclause\noften\thabitual\tsentence\n"
    (data_dir / "cues.tsv").write_text("# comment\n" + CUES_HEADER + rows)
    assert [(c.text, c.kind, c.scope) for c in load_cues()] == [
        ("not", "negation", "clause"),
        ("often", "habitual", "sentence"),
    ]


@pytest.mark.parametrize(
    "row",
    ["not\tnegation\n", "not\tnegation\tclause\textra\n", "not\tnegation\tparagraph\n"],
    ids=["too-few-columns", "too-many-columns", "bad-scope"],
)
def test_a_malformed_cue_row_is_refused(data_dir: Path, row: str) -> None:
    (data_dir / "cues.tsv").write_text(CUES_HEADER + "never\tnegation\tclause\n" + row)
    with pytest.raises(DataError, match=r"cues\.tsv:3"):
        load_cues()
