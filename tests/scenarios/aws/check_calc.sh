#!/bin/sh
# Re-runs every AWS scenario's calc.py with --check: fails when an expected/*.csv is not exactly what the independent
# model (koku_aws_model.py) writes, so nobody edits expected rows by hand or from costagg's output.
# usage: tests/scenarios/aws/check_calc.sh [FOLDER...]     exit 0 all reproduce, 1 a difference, 77 no PyYAML
here=$(cd "$(dirname "$0")" && pwd)
python3 -c 'import yaml' 2>/dev/null || { echo "skipped: python3 has no PyYAML"; exit 77; }
[ $# -gt 0 ] || set -- "$here"/[0-9]*/
failed=0
for folder in "$@"; do
    name=$(basename "$folder")
    [ -f "$folder/calc.py" ] || continue
    if out=$(cd "$folder" && PYTHONDONTWRITEBYTECODE=1 PYTHONUTF8=1 python3 calc.py --check 2>&1); then
        echo "ok   $name"
    else
        echo "FAIL $name: $out"
        failed=1
    fi
done
exit $failed
