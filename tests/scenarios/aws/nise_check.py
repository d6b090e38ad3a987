#!/usr/bin/env python3
"""Checks the model's nise step on the AWS scenarios against the real nise: for every folder whose scenario.yml
has an aws nise_file, runs `nise report aws --static-report-file ... --write-monthly` and compares Koku's daily
parquet rows built from nise's CSV with those built from the model's rows (../ocp_aws/nise_check.py does the work;
csv_dir folders are skipped).

usage: nise_check.py NISE_EXECUTABLE [FOLDER...]      default: every NN_* folder here; exit 0 when all agree
"""
import glob
import importlib.util
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("ocp_aws_nise_check",
                                              os.path.join(os.path.dirname(HERE), "ocp_aws", "nise_check.py"))
shared = importlib.util.module_from_spec(spec)
spec.loader.exec_module(shared)

if __name__ == "__main__":
    nise = os.path.abspath(sys.argv[1])
    folders = sys.argv[2:] or sorted(glob.glob(os.path.join(HERE, "[0-9]*/")))
    sys.exit(1 if sum(shared.run(nise, f) for f in folders) else 0)
