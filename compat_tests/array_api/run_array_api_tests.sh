#!/usr/bin/env bash
# Run data-apis/array-api-tests (the array API conformance suite) against xnp.
#
# The suite is not on the package index and is not vendored here: this script pins it and
# unpacks it from local git dirs of the two upstream repositories (for example what the
# search tool's `fetch github:data-apis/array-api-tests` and `fetch github:data-apis/array-api`
# give), then runs it with xnp as ARRAY_API_TESTS_MODULE and compat_tests/array_api/xfails.txt.
#
# Usage: run_array_api_tests.sh [MAX_EXAMPLES] [pytest args / test ids...]
# Env:   ARRAY_API_TESTS_GIT, ARRAY_API_SPEC_GIT   bare git dirs of the two repositories
#        AAT_DIR        where the suite is unpacked (default /tmp/xnp-array-api-tests)
#        PYTHON         interpreter (default /work/venv/bin/python, else python3)
#        AAT_PYTHONPATH extra entries for the suite's requirements (ndindex, pytest-json-report)
#        ARRAY_API_TESTS_VERSION  spec version (default: xnp.__array_api_version__)
#        AAT_NO_XFAILS=1          run without the xfails list (the raw score)
# Last line: array-api: passed=P failed=F xfailed=X skipped=S errors=E pass_rate=R%
set -uo pipefail

# The pin: array-api-tests at this commit, and its array-api (spec) submodule at the commit
# that the suite's tree records for it.
AAT_COMMIT=55fcc60179efa2680ddd6cd926ddf17b83530e2b   # array-api-tests, 2026-04-03 (#435)
SPEC_COMMIT=5f847a3858875c682ae901aa22b0413bf24be9da  # array-api submodule at that commit

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SUITE=${AAT_DIR:-/tmp/xnp-array-api-tests}
PY=${PYTHON:-/work/venv/bin/python}
[[ -x $PY ]] || PY=python3
MAXEX=${1:-10}
shift $(( $# < 1 ? $# : 1 ))

if [[ ! -f $SUITE/.pin || $(cat "$SUITE/.pin") != "$AAT_COMMIT $SPEC_COMMIT" ]]; then
  TESTS_GIT=${ARRAY_API_TESTS_GIT:-} SPEC_GIT=${ARRAY_API_SPEC_GIT:-}
  if [[ ! -d $TESTS_GIT || ! -d $SPEC_GIT ]]; then
    echo "set ARRAY_API_TESTS_GIT and ARRAY_API_SPEC_GIT to git dirs of data-apis/array-api-tests" \
         "and data-apis/array-api" >&2
    exit 2
  fi
  rm -rf "$SUITE" && mkdir -p "$SUITE/array-api" &&
    git --git-dir="$TESTS_GIT" archive "$AAT_COMMIT" | tar -x -C "$SUITE" &&
    git --git-dir="$SPEC_GIT" archive "$SPEC_COMMIT" | tar -x -C "$SUITE/array-api" &&
    echo "$AAT_COMMIT $SPEC_COMMIT" >"$SUITE/.pin" ||
    { echo "could not unpack the suite at $AAT_COMMIT / $SPEC_COMMIT" >&2; exit 2; }
fi

# xfails.txt: "test-id  # reason" per line; the suite wants bare ids.
XF=$SUITE/xnp-xfails.txt
: >"$XF"
if [[ -z ${AAT_NO_XFAILS:-} ]]; then
  sed -e 's/[[:space:]]*#.*$//' -e '/^[[:space:]]*$/d' "$HERE/xfails.txt" >"$XF"
fi
# Reproducible draws: --derandomize fixes @given; the seed fixes `random` (special cases).
printf 'import random\n\ndef pytest_runtest_setup(item):\n    random.seed(item.nodeid)\n' \
  >"$SUITE/_xnp_seed.py"

cd "$SUITE" || exit 2
LOG=${AAT_LOG:-$SUITE/last-run.log}
PYTHONPATH="$ROOT/src:$SUITE${AAT_PYTHONPATH:+:$AAT_PYTHONPATH}" ARRAY_API_TESTS_MODULE=xnp \
  TF_CPP_MIN_LOG_LEVEL=1 "$PY" -m pytest -o testpaths=array_api_tests -q -p no:cacheprovider \
  -p _xnp_seed --max-examples "$MAXEX" --derandomize --disable-deadline \
  --xfails-file "$XF" --continue-on-collection-errors -rfE "$@" >"$LOG" 2>&1
rc=$?
echo "pytest exit $rc; log: $LOG" >&2
line=$(grep -E '^(=+ )?[0-9]+ [a-z]+.* in [0-9.]+s' "$LOG" | tail -1)
[[ -n $line ]] || { tail -20 "$LOG" >&2; exit 1; }
n() { grep -oE "\b[0-9]+ $1\b" <<<"$line" | grep -oE '^[0-9]+' || echo 0; }
P=$(n passed) F=$(n failed) X=$(n xfailed) S=$(n skipped) E=$(n 'errors?')
R=$(awk -v p="$P" -v d="$((P + F + E + X))" 'BEGIN { printf "%.1f", d ? 100 * p / d : 0 }')
echo "array-api: passed=$P failed=$F xfailed=$X skipped=$S errors=$E pass_rate=$R%"
