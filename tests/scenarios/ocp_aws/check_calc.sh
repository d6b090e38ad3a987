#!/bin/sh
# Re-runs every OCP-on-AWS scenario's calc.py with --check (koku_ocp_aws_model.py): see ../check_calc.sh.
# usage: tests/scenarios/ocp_aws/check_calc.sh [FOLDER...]     exit 0 all reproduce, 1 a difference, 77 no PyYAML
here=$(cd "$(dirname "$0")" && pwd)
exec sh "$here/../check_calc.sh" "$here" "$@"
