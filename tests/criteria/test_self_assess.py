import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from ocop.criteria.scoring import score_answers
from ocop.criteria.sheet import Sheet

pytestmark = pytest.mark.django_db

SET_26 = "QD-26-2026-TTg"


def answers_for(
    sheet: Sheet, total: int, stars: int, *, fixed: dict[str, int] | None = None
) -> dict[str, int]:
    """Answers totalling exactly ``total`` that reach every minimum for ``stars`` stars.

    Each criterion starts at the least it needs (its minimum for ``stars`` or fewer, else
    0 or its lowest option); points are then added greedily in sheet order. ``fixed``
    answers are kept as given.
    """
    fixed = fixed or {}
    answers: dict[str, Decimal] = {}
    for crit in sheet.criteria:
        needed = [m.required_points for m in crit.minimums() if m.for_stars <= stars]
        low = Decimal(0) if crit.allows_none else min(crit.option_points)
        answers[crit.code] = Decimal(fixed.get(crit.code, max(needed, default=low)))
    for crit in sheet.criteria:
        if crit.code in fixed:
            continue
        cond = crit.applies_if
        if cond is not None and not cond.met(answers[cond.criterion]):
            continue
        room = total - score_answers(sheet, answers).total
        best = max(
            (p for p in crit.option_points if answers[crit.code] <= p <= answers[crit.code] + room),
            default=answers[crit.code],
        )
        answers[crit.code] = best
    assert score_answers(sheet, answers).total == total, "no answers reach that total"
    return {code: int(points) for code, points in answers.items()}


def run(tmp_path, number: int, answers: dict, *, suffix: str = ".json") -> dict:
    path = tmp_path / f"answers{suffix}"
    if suffix == ".json":
        path.write_text(json.dumps(answers), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(answers), encoding="utf-8")
    out = _call(
        "--criteria-set", SET_26, "--product-set", str(number), "--answers", str(path),
        "--format", "json",
    )  # fmt: skip
    return json.loads(out)


def _call(*args) -> str:
    from io import StringIO

    buffer = StringIO()
    call_command("self-assess", *args, stdout=buffer)
    return buffer.getvalue()


BOUNDARIES = [(49, 2, 2), (50, 3, 3), (69, 3, 3), (70, 4, 4), (89, 4, 4), (90, 5, 5)]


@pytest.mark.parametrize("number", [14, 11])
@pytest.mark.parametrize(("total", "minimums_for", "stars"), BOUNDARIES)
def test_boundaries_with_every_minimum_reached(
    tmp_path, criteria_set_26, number, total, minimums_for, stars
):
    sheet = criteria_set_26.sheet(number)
    answers = answers_for(sheet, total, max(minimums_for, 3))
    data = run(tmp_path, number, answers)
    assert data["criteria_set"] == SET_26 and data["product_set"] == number
    assert data["total"] == total and isinstance(data["total"], int)
    assert sum(data["parts"].values()) == total and set(data["parts"]) == {"A", "B", "C"}
    assert data["stars"] == stars
    assert data["recognisable"] is (stars >= 3)
    assert data["missed_minimums"] == []


def test_set_14_at_50_missing_a_3_star_minimum_is_2_stars_and_not_recognisable(
    tmp_path, criteria_set_26
):
    sheet = criteria_set_26.sheet(14)
    # 2.2 packaging below the creative-packaging option (2 points) marked for 3 stars.
    answers = answers_for(sheet, 50, 3, fixed={"2.2": 1})
    data = run(tmp_path, 14, answers)
    assert (data["total"], data["stars"], data["recognisable"]) == (50, 2, False)
    assert data["missed_minimums"] == [{"criterion": "2.2", "required_points": 2, "for_stars": 3}]


def test_set_11_at_90_missing_a_5_star_minimum_is_4_stars(tmp_path, criteria_set_26):
    sheet = criteria_set_26.sheet(11)
    five = [m for m in sheet.minimums() if m.for_stars == 5]
    four = {m.criterion: m.required_points for m in sheet.minimums() if m.for_stars <= 4}
    missed = next(m for m in five if four.get(m.criterion, 0) < m.required_points)
    below = int(max(four.get(missed.criterion, 0), 0))
    answers = answers_for(sheet, 90, 5, fixed={missed.criterion: below})
    data = run(tmp_path, 11, answers)
    assert (data["total"], data["stars"], data["recognisable"]) == (90, 4, True)
    assert data["missed_minimums"] == [
        {
            "criterion": missed.criterion,
            "required_points": int(missed.required_points),
            "for_stars": 5,
        }
    ]


def test_set_14_at_70_missing_the_4_star_chain_contracts_is_3_stars(tmp_path, criteria_set_26):
    sheet = criteria_set_26.sheet(14)
    answers = answers_for(sheet, 70, 4, fixed={"1.4": 1})
    data = run(tmp_path, 14, answers, suffix=".yaml")
    assert (data["total"], data["stars"]) == (70, 3)
    assert {"criterion": "1.4", "required_points": 2, "for_stars": 4} in data["missed_minimums"]


def test_omitted_criteria_count_zero_where_the_sheet_allows_none(tmp_path):
    data = run(tmp_path, 14, {"1.1": 4, "3.1": 3}, suffix=".yaml")
    assert data["total"] == 7
    assert "1.4" in data["unanswered"] and "1.1" not in data["unanswered"]


def test_omitting_a_criterion_that_needs_an_answer_names_it(tmp_path):
    with pytest.raises(CommandError, match="3.1"):
        run(tmp_path, 14, {"1.1": 4})


def test_an_unknown_criterion_code_is_refused_by_name(tmp_path):
    with pytest.raises(CommandError, match=r"4\.9"):
        run(tmp_path, 14, {"1.1": 4, "3.1": 3, "4.9": 1})


def test_points_that_are_no_option_of_the_criterion_are_refused_by_name(tmp_path):
    with pytest.raises(CommandError, match=r"1\.1"):
        run(tmp_path, 14, {"1.1": 3, "3.1": 3})


def test_yaml_keeps_codes_as_written(tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text("1.1: 3\n3.1: 3\n6.1.1: 2\n", encoding="utf-8")
    out = _call(
        "--criteria-set", SET_26, "--product-set", "11", "--answers", str(path), "--format", "json",
    )  # fmt: skip
    data = json.loads(out)
    assert data["points"]["6.1.1"] == 2


def test_a_file_that_is_not_a_mapping_is_refused(tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text("- 1\n- 2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="must map criterion codes"):
        _call("--criteria-set", SET_26, "--product-set", "14", "--answers", str(path))


def test_an_unknown_product_set_is_refused(tmp_path):
    path = tmp_path / "a.json"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(CommandError, match="no product set 27"):
        _call("--criteria-set", SET_26, "--product-set", "27", "--answers", str(path))


def test_the_default_format_is_a_readable_table(tmp_path, criteria_set_26):
    answers = answers_for(criteria_set_26.sheet(14), 50, 3, fixed={"2.2": 1})
    path = tmp_path / "a.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    out = _call("--product-set", "14", "--answers", str(path))
    assert "Total       50 / 100" in out
    assert "Stars   2 (not recognisable" in out
    assert "2.2    needs 2 points for 3 stars" in out


def test_the_ocop_console_script_runs_the_command(tmp_path, criteria_set_26):
    """The installed ``ocop`` script, on its own database, migrated (which loads criteria)."""
    env = {
        **os.environ,
        "OCOP_TESTING": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
    }

    def ocop(*args):
        script = Path(sys.executable).parent / "ocop"
        return subprocess.run(  # noqa: S603 - our own script, fixed arguments
            [script, *args], env=env, capture_output=True, text=True, timeout=300
        )

    assert ocop("migrate", "-v", "0").returncode == 0
    answers = tmp_path / "a.yaml"
    answers.write_text(yaml.safe_dump(answers_for(criteria_set_26.sheet(14), 70, 4)), "utf-8")
    args = ["self-assess", "--criteria-set", SET_26, "--product-set", "14"]
    done = ocop(*args, "--answers", str(answers), "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert (data["total"], data["stars"], data["recognisable"]) == (70, 4, True)
    answers.write_text("1.1: 3\n3.1: 3\n", encoding="utf-8")
    refused = ocop(*args, "--answers", str(answers))
    assert refused.returncode != 0
    assert "1.1" in refused.stderr and "Traceback" not in refused.stderr
