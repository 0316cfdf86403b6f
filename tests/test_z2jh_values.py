"""deploy/z2jh/values.yaml, checked as Helm checks a deployment's values, without Helm.

Helm merges the chart's default values with the deployment's (mappings merge key by key; any
other value, a list included, replaces the default; a null removes the key) and validates the
result against the chart's values schema. The chart's values.yaml and values.schema.json are in
shared/z2jh/ beside this repository (../shared/z2jh from its root, as in CI). Then what the file
is for: its course links, one per chapter, built from its one repository setting; its sizes,
from the measurement in docs/teaching.md; the culler and the image pre-puller on.
"""

import copy
import html
import json
import os
import re
import sys
import types
import urllib.parse
from pathlib import Path

import jsonschema
import pytest
import yaml
from traitlets.config import Config

ROOT = Path(__file__).resolve().parent.parent
VALUES = ROOT / "deploy" / "z2jh" / "values.yaml"
CHART = ROOT.parent / "shared" / "z2jh"
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def deep_merge(defaults, overrides):
    """Helm's merge of a values file into the chart's defaults: a new mapping, neither changed."""
    if not isinstance(defaults, dict) or not isinstance(overrides, dict):
        raise TypeError(f"values must be mappings, got {type(defaults).__name__} "
                        f"and {type(overrides).__name__}")
    merged = copy.deepcopy(defaults)
    for key, value in overrides.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def chart_file(name):
    path = CHART / name
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI lays shared/ beside the repository")
        pytest.skip(f"the chart's {name} is not beside this clone ({path}): shared/z2jh/")
    return path


def errors_of(values):
    """Every schema error of the chart's defaults merged with values, as 'path: message'."""
    schema = json.loads(chart_file("values.schema.json").read_text())
    defaults = yaml.load(chart_file("values.yaml").read_text(), Loader=Loader)
    validator = jsonschema.validators.validator_for(schema)(schema)
    merged = deep_merge(defaults, values)
    return sorted(f"{'.'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
                  for e in validator.iter_errors(merged))


@pytest.fixture(scope="module")
def values():
    return yaml.load(VALUES.read_text(), Loader=Loader)


def test_the_values_validate_against_the_charts_schema_merged_with_its_defaults(values):
    assert errors_of(values) == []


@pytest.mark.parametrize("path, bad", [
    (("singleuser", "cpu", "guarantee"), "a tenth"),  # a number, not words
    (("singleuser", "memory", "guarantees"), "512M"),  # a misspelt key
    (("cull", "timeout"), "an hour"),
])
def test_a_bad_value_fails_the_check(values, path, bad):
    broken = copy.deepcopy(values)
    node = broken
    for key in path[:-1]:
        node = node.setdefault(key, {})
    node[path[-1]] = bad
    errors = errors_of(broken)
    assert errors and any(".".join(path[:-1]) in e for e in errors), errors


def test_merging_follows_helm():
    defaults = {"a": {"b": 1, "c": [1, 2]}, "d": 1, "e": {"f": 1}}
    assert deep_merge(defaults, {"a": {"c": [3]}, "d": None, "e": {"g": 2}}) == {
        "a": {"b": 1, "c": [3]}, "e": {"f": 1, "g": 2}}
    assert defaults == {"a": {"b": 1, "c": [1, 2]}, "d": 1, "e": {"f": 1}}
    with pytest.raises(TypeError, match="must be mappings"):
        deep_merge({"a": 1}, ["a"])


def announced_links(values):
    """Run the hub's extraConfig as z2jh's jupyterhub_config.py does; return the home page's
    links as (title, query) pairs."""
    def get_config(key, default=None):
        node = values
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node
    c = Config()
    c.JupyterHub.template_vars = {}  # what z2jh sets from hub.templateVars, before extraConfig
    z2jh = types.ModuleType("z2jh")
    z2jh.get_config = get_config
    saved = sys.modules.get("z2jh")
    sys.modules["z2jh"] = z2jh
    try:
        for code in values["hub"]["extraConfig"].values():
            exec(compile(code, "hub.extraConfig", "exec"), {"c": c})
    finally:
        if saved is None:
            del sys.modules["z2jh"]
        else:
            sys.modules["z2jh"] = saved
    page = c.JupyterHub.template_vars["announcement_home"]
    return [(html.unescape(title), urllib.parse.parse_qs(urllib.parse.urlsplit(html.unescape(href)).query))
            for href, title in re.findall(r'<a href="([^"]+)">([^<]+)</a>', page)]


def readme_chapters():
    """The chapters of the README's table: (title, path) of each row's first link."""
    return re.findall(r"^\| \[([^\]]+)\]\((notebooks/[^)]+\.ipynb)\) \|",
                      (ROOT / "README.md").read_text(), re.M)


def test_the_hub_lists_one_link_per_chapter_of_the_readme_built_from_the_one_repository(values):
    links = announced_links(values)
    course = values["custom"]["course"]
    assert [title for title, _ in links] == [title for title, _ in readme_chapters()]
    for (title, query), (_, path) in zip(links, readme_chapters()):
        assert query["repo"] == [course["repository"]] and query["branch"] == [course["branch"]]
        assert query["urlpath"] == [f"lab/tree/{course['folder']}/{path}"], title
        assert (ROOT / path).exists(), path
    # another repository in the one setting: every link follows it
    fork = copy.deepcopy(values)
    fork["custom"]["course"]["repository"] = "https://git.example.org/teacher/fork"
    assert {q["repo"][0] for _, q in announced_links(fork)} == {"https://git.example.org/teacher/fork"}


def quantity_bytes(quantity):
    """A Kubernetes memory quantity ('512M', '1.5G', '1Gi', 1000000) in bytes."""
    units = {"": 1, "k": 10**3, "M": 10**6, "G": 10**9, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30}
    match = re.fullmatch(r"([0-9.]+)([kMG]i?|)", str(quantity))
    if not match:
        raise ValueError(f"not a memory quantity: {quantity!r}")
    return float(match.group(1)) * units[match.group(2)]


def measured_mib_per_learner():
    """The largest memory per learner (PSS, MiB) of docs/teaching.md's sizing table."""
    rows = re.findall(r"^\| *(\d+) learners[^|]*\|[^|]*\|[^|]*\| *(\d+) MiB *\|",
                      (ROOT / "docs" / "teaching.md").read_text(), re.M)
    assert rows, "docs/teaching.md has no sizing table (| N learners | ... | MiB |)"
    return max(int(mib) for _, mib in rows)


def test_each_learner_is_guaranteed_the_memory_measured_and_limited_above_it(values):
    memory = values["singleuser"]["memory"]
    guarantee, limit = quantity_bytes(memory["guarantee"]), quantity_bytes(memory["limit"])
    assert guarantee >= measured_mib_per_learner() * 2**20
    assert limit > guarantee
    assert values["singleuser"]["cpu"]["guarantee"] > 0


def test_the_culler_and_the_image_pre_puller_are_on(values):
    assert values["cull"]["enabled"] and values["cull"]["timeout"] > 0
    assert values["prePuller"]["hook"]["enabled"] and values["prePuller"]["continuous"]["enabled"]
    assert values["singleuser"]["image"]["tag"] not in ("latest", ""), "a class needs a fixed tag"


def test_quantities_are_read_as_kubernetes_reads_them():
    assert quantity_bytes("512M") == 512e6 and quantity_bytes("1Gi") == 2**30
    with pytest.raises(ValueError, match="not a memory quantity"):
        quantity_bytes("lots")
