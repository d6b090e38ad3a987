#!/bin/sh
# Re-runs every AWS scenario's calc.py with --check: fails when an expected/*.csv is not exactly what the independent
# model (koku_aws_model.py) writes, so nobody edits expected rows by hand or from costagg's output.
# Without arguments it also runs reference_check.py (the model against Koku's own output).
# usage: tests/scenarios/aws/check_calc.sh [FOLDER...]     exit 0 all reproduce, 1 a difference, 77 no PyYAML
here=$(cd "$(dirname "$0")" && pwd)
python3 -c 'import yaml' 2>/dev/null || { echo "skipped: python3 has no PyYAML"; exit 77; }
failed=0
if [ $# -eq 0 ]; then
    # The model itself first: it must reproduce Koku's own output for the reference CUR.
    if out=$(cd "$here" && PYTHONDONTWRITEBYTECODE=1 PYTHONUTF8=1 python3 reference_check.py 2>&1); then
        echo "ok   model = Koku's reference output"
    else
        echo "FAIL model vs Koku's reference output: $out"
        failed=1
    fi
    set -- "$here"/[0-9]*/
fi
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
