#!/usr/bin/env python3
"""Checks that every scenario's expected.csv is what its calc.py prints (so nobody edits expected.csv by hand or
from costagg's output). usage: check_expected.py DIR...   Exit 0 all reproduce, 1 a difference, 77 no PyYAML."""
import difflib
import os
import subprocess
import sys

try:
    import yaml  # noqa: F401  (calc.py needs it)
except ImportError:
    print("skipped: python3 has no PyYAML")
    sys.exit(77)

failed = 0
for root in sys.argv[1:] or [os.path.join(os.path.dirname(os.path.abspath(__file__)), "ocp")]:
    for name in sorted(os.listdir(root)):
        folder = os.path.join(root, name)
        if not os.path.isdir(folder) or name[0] in "._" or not os.path.isfile(os.path.join(folder, "calc.py")):
            continue
        run = subprocess.run([sys.executable, "calc.py"], cwd=folder, capture_output=True, text=True,
                             env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONUTF8="1"))
        with open(os.path.join(folder, "expected.csv"), encoding="utf-8") as f:
            expected = f.read()
        if run.returncode != 0:
            failed += 1
            print(f"FAIL {name}: calc.py exited with {run.returncode}\n{run.stderr}")
        elif run.stdout != expected:
            failed += 1
            diff = difflib.unified_diff(expected.splitlines(), run.stdout.splitlines(), "expected.csv", "calc.py",
                                        lineterm="", n=0)
            print(f"FAIL {name}: expected.csv differs from calc.py's output\n" + "\n".join(list(diff)[:20]))
        else:
            print(f"ok   {name}")
sys.exit(1 if failed else 0)
