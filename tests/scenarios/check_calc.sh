#!/bin/sh
# Re-runs calc.py --check in every scenario folder of a mode (or in the folders given): fails when an
# expected/*.csv is not exactly what the folder's independent model writes, so nobody edits expected rows by hand or
# from costagg's output.
# usage: tests/scenarios/check_calc.sh MODE_DIR [FOLDER...]    exit 0 all reproduce, 1 a difference, 77 no PyYAML
python3 -c 'import yaml' 2>/dev/null || { echo "skipped: python3 has no PyYAML"; exit 77; }
mode_dir=$1
shift
[ $# -gt 0 ] || set -- "$mode_dir"/[0-9]*/
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
