#!/usr/bin/env python3
"""Expected rows of scenario 13 (python3 calc.py > expected.csv). Special characters pass through labels unchanged."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

def checks(rows):
    pod = km.pick(rows, data_source="Pod", namespace="intl")
    assert pod["pod_labels"] == {
        "site": "Zürich Ost", "path": "C\\dir\\sub", "space": " padded ",   # node
        "team": "日本チーム", "html": "<b>&amp;</b>",                          # namespace (not escaped again)
        "app": "café", "quote": 'say "hi"', "apos": "it's", "comma": "a,b", "ключ": "значение", "emoji": "🚀",
    }, pod["pod_labels"]
    st = km.pick(rows, data_source="Storage")
    assert st["volume_labels"] == {
        "site": "Zürich Ost", "path": "C\\dir\\sub", "space": " padded ", "team": "日本チーム",
        "html": "<b>&amp;</b>", "app": "données", "quote": '"quoted"', "emoji": "💾", "apos": "l'été",
    }, st["volume_labels"]


km.main(HERE, checks)
