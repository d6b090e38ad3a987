#!/usr/bin/env python3
"""Checks step 1 of koku_ocp_aws_model.py against the real nise: runs `nise report aws --static-report-file` on each
scenario's aws.yml in a temporary folder and compares Koku's daily table built from nise's CSV with the one built
from the model's rows (every column except row_uuid; data-transfer rows, whose usage type / operation / description
nise draws from four templates per hour, are compared after summing over those three columns).

usage: nise_check.py NISE_EXECUTABLE FOLDER...      exit 0 when every folder agrees
"""
import csv
import glob
import math
import os
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict

import yaml

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import koku_ocp_aws_model as m  # noqa: E402

FREE = ("lineitem_usagetype", "lineitem_operation", "lineitem_lineitemdescription")


def collapse(daily):
    out = defaultdict(lambda: defaultdict(float))
    for r in daily:
        dtr = r["product_productfamily"] == "Data Transfer"
        key = tuple((k, "*" if dtr and k in FREE else r[k]) for k in m.DAILY_KEYS + m.DAILY_MAXES)
        for s in m.DAILY_SUMS:
            out[key][s] += r[s]
    return out


def run(nise, folder):
    spec = yaml.safe_load(open(os.path.join(folder, "scenario.yml")))
    aws = spec["aws"]
    if "nise_file" not in aws:
        print(f"skip {os.path.basename(os.path.normpath(folder))}: no aws nise_file")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(os.path.join(folder, aws["nise_file"]), os.path.join(tmp, "aws.yml"))
        os.chmod(os.path.join(tmp, "aws.yml"), 0o644)
        subprocess.run([nise, "report", "aws", "--static-report-file", "aws.yml", "--start-date",
                        str(aws["start_date"]), "--end-date", str(aws["end_date"]), "--write-monthly"],
                       cwd=tmp, env=dict(os.environ, TMPDIR=tmp), check=True, capture_output=True)
        rows = []
        for path in sorted(glob.glob(os.path.join(tmp, "*.csv"))):
            with open(path, newline="", encoding="utf-8") as f:
                rows += list(csv.DictReader(f))
    real = collapse(m.AwsData(rows).daily)
    model = collapse(m.AwsData(m.nise_aws_rows(yaml.safe_load(open(os.path.join(folder, aws["nise_file"]))))).daily)
    bad = 0
    for key in set(real) | set(model):
        a, b = real.get(key), model.get(key)
        if a is None or b is None or any(not math.isclose(a[s], b[s], rel_tol=1e-12, abs_tol=1e-15) for s in a):
            bad += 1
            if bad <= 3:
                print("  differs:", dict(key), "nise" if a else "", dict(a or {}), "model" if b else "", dict(b or {}))
    print(f"{'ok  ' if not bad else 'FAIL'} {os.path.basename(os.path.normpath(folder))}: {len(real)} daily groups")
    return bad


if __name__ == "__main__":
    sys.exit(1 if sum(run(sys.argv[1], f) for f in sys.argv[2:]) else 0)
