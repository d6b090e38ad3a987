#!/bin/sh
# Re-runs every AWS scenario's calc.py with --check (koku_aws_model.py): see ../check_calc.sh. Without arguments it
# first proves the model itself against Koku's own output for the reference CUR (reference_check.py).
# usage: tests/scenarios/aws/check_calc.sh [FOLDER...]     exit 0 all reproduce, 1 a difference, 77 no PyYAML
here=$(cd "$(dirname "$0")" && pwd)
python3 -c 'import yaml' 2>/dev/null || { echo "skipped: python3 has no PyYAML"; exit 77; }
failed=0
if [ $# -eq 0 ]; then
    if out=$(cd "$here" && PYTHONDONTWRITEBYTECODE=1 PYTHONUTF8=1 python3 reference_check.py 2>&1); then
        echo "ok   model = Koku's reference output"
    else
        echo "FAIL model vs Koku's reference output: $out"
        failed=1
    fi
fi
sh "$here/../check_calc.sh" "$here" "$@" || failed=1
exit $failed
