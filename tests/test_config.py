"""checktrans.toml and [tool.checktrans]: found upward, validated strictly, overridden by the command line."""
from __future__ import annotations

from pathlib import Path

import pytest

from checker.config import Config, code_selected, find_config, load_config
from checker.errors import UsageError


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_found_upward_from_a_nested_folder(tmp_path):
    write(tmp_path / "checktrans.toml", 'fail_on = "critical"\nselect = ["ct1", "CT001"]\nsource_lang = "fr"\n')
    nested = tmp_path / "desk" / "2024" / "june"
    nested.mkdir(parents=True)
    config = load_config(start=nested)
    assert config.fail_on == "critical"
    assert config.select == ("CT001", "CT1")  # upper-cased, sorted
    assert config.source_lang == "fr" and config.target_lang is None
    assert config.path == (tmp_path / "checktrans.toml").resolve()
    assert load_config(nested) == config  # a folder as the first argument searches from it


def test_pyproject_table_and_precedence(tmp_path):
    write(tmp_path / "pyproject.toml",
          '[tool.checktrans]\nfail_on = "minor"\n[tool.checktrans.thresholds]\nlow_similarity = 0.8\n')
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "x"\n')  # no table: the search goes on
    config = load_config(start=tmp_path / "sub")
    assert config.fail_on == "minor" and dict(config.thresholds) == {"low_similarity": 0.8}
    write(tmp_path / "sub" / "checktrans.toml", 'fail_on = "major"\n')
    assert load_config(start=tmp_path / "sub").fail_on == "major"
    write(tmp_path / "checktrans.toml", 'fail_on = "critical"\n')  # same folder: checktrans.toml wins
    assert find_config(tmp_path)[0].name == "checktrans.toml"


def test_no_file_is_an_empty_config(tmp_path):
    assert load_config(start=tmp_path) == Config()


def test_explicit_file_and_relative_glossary(tmp_path):
    cfg = write(tmp_path / "conf" / "desk.toml",
                'glossary = "house.csv"\nignore = "CT104,CT2"\nmodel = "/models/labse"\n')
    config = load_config(str(cfg))
    assert config.glossary == (tmp_path / "conf" / "house.csv").resolve()
    assert config.ignore == ("CT104", "CT2") and config.model == "/models/labse"
    with pytest.raises(UsageError, match="no such file"):
        load_config(str(tmp_path / "nope.toml"))


@pytest.mark.parametrize(
    "text, message",
    [
        ('fail_onn = "major"\n', "unknown key 'fail_onn'"),
        ('fail_on = "fatal"\n', "fail_on must be one of minor, major, critical"),
        ('select = ["CT-1"]\n', "'CT-1' is not a rule code"),
        ('source_lang = "French"\n', "source_lang must be a language code"),
        ("[thresholds]\nlow = \"high\"\n", "thresholds.low must be a number"),
        ("fail_on = \n", "not valid TOML"),
    ],
)
def test_bad_settings_are_usage_errors_naming_the_key(tmp_path, text, message):
    cfg = write(tmp_path / "checktrans.toml", text)
    with pytest.raises(UsageError, match=message) as info:
        load_config(str(cfg))
    assert "\n" not in str(info.value)


def test_command_line_overrides_the_file(tmp_path):
    config = load_config(str(write(tmp_path / "c.toml", 'fail_on = "minor"\nselect = ["CT1"]\ntarget_lang = "en"\n')))
    merged = config.merged(fail_on="critical", select=(), target_lang=None, source_lang="de")
    assert (merged.fail_on, merged.select, merged.target_lang, merged.source_lang) == ("critical", ("CT1",), "en", "de")
    with pytest.raises(UsageError, match="unknown setting 'colour'"):
        config.merged(colour="red")


def test_codes_select_like_ruff_longest_prefix_wins():
    assert code_selected("CT101")
    assert code_selected("CT101", select=("CT1",)) and not code_selected("CT201", select=("CT1",))
    assert not code_selected("CT101", ignore=("CT1",))
    assert code_selected("CT101", select=("CT101",), ignore=("CT1",))  # more specific select wins
    assert not code_selected("CT101", select=("CT1",), ignore=("CT101",))
    assert not code_selected("CT101", select=("CT1",), ignore=("CT1",))  # a tie: ignored


def test_extend_select_adds_rules_beside_the_selected_ones_as_ruff_does(tmp_path):
    from checker.checks import all_checks, select_checks

    defaults = {c.code for c in all_checks() if c.default}
    assert "CT171" not in defaults
    codes = lambda **kw: {c.code for c in select_checks(**kw)}  # noqa: E731
    assert codes(extend=("CT171",)) == defaults | {"CT171"}  # a rule off by default joins the default set
    # a prefix names every rule under it, as --select does
    assert codes(select=("CT1",), extend=("CT2",)) == {c.code for c in all_checks()
                                                        if c.code.startswith(("CT1", "CT2"))}
    # the longest prefix decides between them, as for --select
    assert {"CT170", "CT171"} & codes(extend=("CT17",), ignore=("CT171",)) == {"CT170"}
    assert "CT171" in codes(extend=("CT171",), ignore=("CT17",))
    config = load_config(str(write(tmp_path / "c.toml", 'extend-select = ["ct171"]\n')))
    assert config.extend_select == ("CT171",)
    assert config.merged(extend_select=("CT170",)).extend_select == ("CT170",)  # the command line wins
