"""The redaction module alone: finding and redacting known keys in nbformat-shaped dicts."""

import copy
import json

from jupyterlab_qbraid.credentials import CredentialStore
from jupyterlab_qbraid.guard.known_keys import KnownKeys
from jupyterlab_qbraid.guard.redaction import KeyMatcher, check_notebook, check_text, marker

KEY = "qbr_" + "Ab3x" * 8 + "WXYZ"
OTHER = "qbr_" + "z9Q0" * 10 + "LAST"


def notebook(*outputs, source="x = 1", metadata=None):
    return {
        "cells": [
            {
                "id": "c",
                "cell_type": "code",
                "source": source,
                "metadata": {},
                "outputs": list(outputs),
            }
        ],
        "metadata": metadata or {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def containers(value, found=None):
    """Every list and dict inside `value`, by identity."""
    found = [] if found is None else found
    if isinstance(value, (list, dict)):
        found.append(value)
        for item in value.values() if isinstance(value, dict) else value:
            containers(item, found)
    return found


def test_marker_names_the_hint_only():
    assert marker(KEY) == "[qBraid API key …WXYZ redacted]"


def test_a_notebook_without_a_key_is_left_untouched_object_for_object():
    picture = "iVBORw0KGgo" * 1000
    html = "<b>" + "x" * 1000 + "</b>"
    data = {"image/png": picture, "text/html": html, "application/json": {"a": [1, "b"]}}
    nb = notebook(
        {"output_type": "stream", "name": "stdout", "text": ["a\n", "b\n"]},
        {"output_type": "display_data", "data": data, "metadata": {}},
        {"output_type": "error", "ename": "E", "evalue": "v", "traceback": ["t"]},
        metadata={"widgets": {"application/vnd.jupyter.widget-state+json": {"state": {}}}},
    )
    before = copy.deepcopy(nb)
    inside = containers(nb)
    check = check_notebook(nb, KeyMatcher([KEY]), redact=True)
    assert not check.found
    assert (check.outputs, check.sources, check.other, check.hints) == (0, [], 0, [])
    assert nb == before
    assert [id(item) for item in containers(nb)] == [id(item) for item in inside]
    assert data["image/png"] is picture and data["text/html"] is html


def test_no_known_key_finds_nothing():
    nb = notebook({"output_type": "stream", "name": "stdout", "text": KEY})
    assert not KeyMatcher([])
    assert not check_notebook(nb, KeyMatcher([]), redact=True).found
    assert nb["cells"][0]["outputs"][0]["text"] == KEY


def test_multiline_lists_are_joined_first_so_a_key_cut_across_lines_is_found():
    lines = ["first\n", "key " + KEY[:10], KEY[10:] + " end\n", "last"]
    stream = {"output_type": "stream", "name": "stdout", "text": lines}
    plain = {
        "output_type": "execute_result",
        "execution_count": 1,
        "metadata": {},
        "data": {"text/plain": [f"'{KEY}'\n", "x"]},
    }
    nb = notebook(stream, plain)
    check = check_notebook(nb, KeyMatcher([KEY]), redact=True)
    assert check.outputs == 2
    assert stream["text"] == ["first\n", f"key {marker(KEY)} end\n", "last"]
    assert plain["data"]["text/plain"] == [f"'{marker(KEY)}'\n", "x"]


def test_every_kind_of_output_is_redacted():
    outputs = [
        {"output_type": "stream", "name": "stderr", "text": f"{KEY} {KEY}"},
        {
            "output_type": "error",
            "ename": "ValueError",
            "evalue": f"bad {KEY}",
            "traceback": ["\x1b[0;31mValueError\x1b[0m", f"  x = '{KEY}'"],
        },
        {
            "output_type": "display_data",
            "metadata": {"note": KEY},
            "data": {
                "text/html": f"<td>{KEY}</td>",
                "text/markdown": f"`{OTHER}`",
                "application/vnd.custom+json": {"deep": [{"deeper": [KEY]}], KEY: "as a name"},
            },
        },
    ]
    nb = notebook(*outputs)
    check = check_notebook(nb, KeyMatcher([KEY, OTHER]), redact=True)
    text = json.dumps(nb, ensure_ascii=False)
    assert KEY not in text and OTHER not in text
    assert check.outputs == 9
    assert check.hints == [KEY[-4:], OTHER[-4:]]
    assert outputs[2]["data"]["application/vnd.custom+json"] == {
        "deep": [{"deeper": [marker(KEY)]}],
        marker(KEY): "as a name",
    }
    assert outputs[1]["traceback"][0] == "\x1b[0;31mValueError\x1b[0m"


def test_widget_state_is_redacted_and_other_metadata_only_counted():
    widgets = {
        "application/vnd.jupyter.widget-state+json": {
            "version_major": 2,
            "state": {
                "m1": {
                    "model_name": "TextModel",
                    "state": {"value": f"token={KEY}", "options": [KEY, "b"]},
                }
            },
        }
    }
    nb = notebook(metadata={"widgets": widgets, "custom": {"secret": KEY}})
    nb["cells"][0]["metadata"]["tags"] = [KEY]
    check = check_notebook(nb, KeyMatcher([KEY]), redact=True)
    assert (check.outputs, check.other) == (2, 2)
    state = widgets["application/vnd.jupyter.widget-state+json"]["state"]["m1"]["state"]
    assert state == {"value": f"token={marker(KEY)}", "options": [marker(KEY), "b"]}
    assert nb["metadata"]["custom"] == {"secret": KEY}
    assert nb["cells"][0]["metadata"]["tags"] == [KEY]


def test_counting_without_redacting_changes_nothing():
    nb = notebook(
        {"output_type": "stream", "name": "stdout", "text": [KEY + "\n"]},
        {"output_type": "display_data", "metadata": {}, "data": {"application/json": {KEY: KEY}}},
    )
    before = copy.deepcopy(nb)
    assert check_notebook(nb, KeyMatcher([KEY]), redact=False).outputs == 3
    assert nb == before


def test_sources_are_reported_in_utf16_units_and_never_rewritten():
    source = ["# 😀 é\n", f"k = '{KEY}'  # {KEY}"]
    nb = notebook(source=source, metadata={"language_info": {"name": "python"}})
    nb["cells"].append({"cell_type": "markdown", "source": f"🔑🔑{OTHER}", "metadata": {}})
    check = check_notebook(nb, KeyMatcher([KEY, OTHER]), redact=True)
    first = len("# 😀 é\nk = '") + 1
    second = first + len(KEY) + len("'  # ")
    assert check.sources == [
        {
            "cellIndex": 0,
            "cellId": "c",
            "ranges": [[first, first + len(KEY)], [second, second + len(KEY)]],
        },
        {"cellIndex": 1, "cellId": None, "ranges": [[4, 4 + len(OTHER)]]},
    ]
    assert nb["cells"][0]["source"] == source
    assert check.language == "python"
    assert check.outputs == 0 and check.found


def test_language_prefers_the_kernelspec():
    nb = notebook(metadata={"kernelspec": {"language": "R"}, "language_info": {"name": "python"}})
    assert check_notebook(nb, KeyMatcher([KEY]), redact=False).language == "R"
    assert check_notebook(notebook(), KeyMatcher([KEY]), redact=False).language is None


def test_text_lines_and_columns_as_codemirror_counts_them():
    text = f"a\r\n😀{KEY}\rplain\nx={KEY};y={OTHER}\n"
    lines, hints = check_text(text, KeyMatcher([KEY, OTHER]))
    start = len(f"x={KEY};y=")
    assert lines == [
        {"line": 2, "ranges": [[2, 2 + len(KEY)]]},
        {"line": 4, "ranges": [[2, 2 + len(KEY)], [start, start + len(OTHER)]]},
    ]
    assert hints == [KEY[-4:], OTHER[-4:]]
    assert check_text("nothing", KeyMatcher([KEY])) == ([], [])


def test_a_key_inside_a_longer_one_is_matched_whole():
    longer = KEY + "tail"
    nb = notebook({"output_type": "stream", "name": "stdout", "text": longer})
    check_notebook(nb, KeyMatcher([KEY, longer]), redact=True)
    assert nb["cells"][0]["outputs"][0]["text"] == marker(longer)


def test_the_matcher_and_the_registry_never_show_a_key():
    assert KEY not in repr(KeyMatcher([KEY]))


def test_known_keys_follow_the_store(tmp_path):
    path = tmp_path / "qbraidrc"
    path.write_text(f"[default]\napi-key = {KEY}\n")
    store = CredentialStore(path, environ={})
    known = KnownKeys(store)
    store.save(OTHER, "https://api.example")
    known.add("not a key")
    known.add(None)
    store.clear()
    assert set(known.snapshot()) == {KEY, OTHER}
    assert KEY not in repr(known) and OTHER not in repr(known)
    # A key put in the file by hand is read at the next look.
    third = "qbr_" + "Q" * 36
    path.write_text(f"[default]\napi-key = {third}\n")
    assert third in known.snapshot()
