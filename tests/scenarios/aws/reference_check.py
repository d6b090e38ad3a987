#!/usr/bin/env python3
"""Runs koku_aws_model.py on Koku's own AWS reference case (00_koku_reference: the CUR of
../ocp_aws/00_koku_reference/input/aws summarised by Koku's Trino SQL on Trino 476) and compares both tables with
Koku's rows: every row, every column except Koku's ids (uuid, cost_entry_bill_id, account_alias_id,
organizational_unit_id); numbers within a relative 1e-9, JSON as parsed values, resource_ids as sets.

usage: reference_check.py [FOLDER]     default: 00_koku_reference beside this file; exit 0 when both tables match
"""
import csv
import json
import math
import os
import sys
from collections import defaultdict

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import koku_aws_model as m  # noqa: E402

IDS = {"uuid", "id", "cost_entry_bill_id", "account_alias_id", "organizational_unit_id"}
NUMBERS = set(m.SCALE) | m.FLOAT8 | {"resource_count", "vcpu"}


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def pg_array_items(text):
    """The elements of a PostgreSQL text[] literal (as the model writes it; enough for ids)."""
    items, i, body = [], 0, text[1:-1]
    while i < len(body):
        if body[i] == '"':
            j, item = i + 1, ""
            while body[j] != '"':
                if body[j] == "\\":
                    j += 1
                item += body[j]
                j += 1
            items.append(item)
            i = j + 2
        else:
            j = body.find(",", i)
            j = len(body) if j < 0 else j
            items.append(body[i:j])
            i = j + 1
    return sorted(items)


def normal(column, text):
    if column in m.JSON_COLUMNS:
        return json.dumps(json.loads(text), sort_keys=True) if text else ""
    if column == "resource_ids":
        return tuple(pg_array_items(text)) if text else ""
    return text


def same_number(a, b):
    if a == b:
        return True
    if a == "" or b == "":
        return False
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)


def compare(table, expected, ours):
    columns = [c for c in expected[0] if c not in IDS and c in m.COLUMNS[table]] if expected else []
    missing_columns = [c for c in m.COLUMNS[table] if c not in columns and c not in ("account_alias", "org_unit_id")]
    if expected and missing_columns:
        print(f"  note: reference has no column {missing_columns}")
    texts = [c for c in columns if c not in NUMBERS]
    nums = [c for c in columns if c in NUMBERS]
    pool = defaultdict(list)
    for r in ours:
        pool[tuple(normal(c, r[c]) for c in texts)].append(r)
    bad = 0
    for e in expected:
        key = tuple(normal(c, e[c]) for c in texts)
        hit = next((g for g in pool[key] if all(same_number(e[c], g[c]) for c in nums)), None)
        if hit is None:
            bad += 1
            if bad <= 5:
                near = pool[key][0] if pool[key] else None
                diff = {c: (e[c], near[c]) for c in nums if near and not same_number(e[c], near[c])}
                print("  missing:", {c: e[c] for c in texts}, "number differences from a same-key row:", diff)
        else:
            pool[key].remove(hit)
    extra = [r for rows in pool.values() for r in rows]
    for r in extra[:5]:
        print("  extra:  ", {c: r[c] for c in texts})
    return bad + len(extra)


def main(folder):
    result = m.compute(folder)
    failed = 0
    for table in m.TABLES:
        expected = read_csv(os.path.join(folder, "expected", table + ".csv"))
        lines = m.table_text(table, result.tables[table]).splitlines()
        ours = [dict(zip(m.COLUMNS[table], row)) for row in csv.reader(lines[1:])]
        bad = compare(table, expected, ours)
        failed += bad
        print(f"{'ok  ' if not bad else 'FAIL'} {table}: reference {len(expected)} rows, model {len(ours)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "00_koku_reference")))
