#!/usr/bin/env bash
# gradlab-cli against hostile and careless inputs (called by ./build.sh test): every check runs one command
# and wants an exact exit code (0 ok, 2 refused with a message; never 1, a crash or a signal) and a
# message naming the limit or the problem. Prints PASS/FAIL per check; exits non-zero when any fails.
#   tests/cli/hostile_inputs.sh [BUILD_DIR]      (default: build/native; needs BUILD_DIR/gradlab-cli)
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CLI="${1:-$ROOT/build/native}/gradlab-cli"
PY=/usr/bin/python3
[[ -x "$CLI" ]] || { echo "FAIL hostile inputs: $CLI not found"; exit 1; }
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
fail=0

# expect NAME CODE PATTERN CMD...: runs CMD, wants exit CODE and PATTERN (grep -E) in stdout+stderr.
expect() {
  local name=$1 code=$2 pattern=$3; shift 3
  "$@" >"$TMP/out" 2>&1
  local rc=$?
  if [[ $rc == "$code" ]] && grep -qE -- "$pattern" "$TMP/out"; then
    echo "PASS $name (exit $rc)"
  else
    echo "FAIL $name (exit $rc, wanted $code and /$pattern/): $(head -c 300 "$TMP/out")"
    fail=1
  fi
}
config() {  # config FILE SPEC [EXTRA_JSON_FIELDS]
  printf '{"spec": "%s", "data": {"name": "spirals", "num_points": 40}, "epochs": 0%s}\n' "$2" "${3:-}" >"$1"
}

# Counts that overflow int64 (they printed -9223372036837775807 parameters, or wrapped to 40).
CONV="CONV(1000000x1000000x1000000)-1000000-p(500000,500000,500000)"
expect summary_overflow 2 'exceeds 2\^63 - 1' "$CLI" summary "INPUT 1 x 1 x 1 x 1
$CONV
FC-2"
ROW="CONV(1000000x1000000x1000000)-10-p(500000,500000,500000)-s2"
expect summary_two_rows_wrap 2 'exceeds 2\^63 - 1' "$CLI" summary "INPUT 1 x 1 x 1 x 1, $ROW, $ROW, FC-2"
expect summary_json_overflow 2 'line 2, col 1' "$CLI" summary --json "INPUT 1 x 1 x 1 x 1
$CONV
FC-2"

# x+x+...+x: 20,001 terms overflowed the stack (segfault); chains are bounded.
chain() { "$PY" -c "import sys; print('+'.join(['x'] * int(sys.argv[1])), end='')" "$1"; }
expect grad_chain_20001 2 'kMaxFormulaBytes' "$CLI" grad "$(chain 20001)" x=1
expect grad_chain_1001 2 'kMaxFormulaHeight' "$CLI" grad "$(chain 1001)" x=1
expect grad_chain_1000 0 'value = 1000' "$CLI" grad "$(chain 1000)" x=1
expect grad_literal_1e999 2 "number '1e999' is too large" "$CLI" grad "x + 1e999" x=1
expect grad_value_1e999 2 "value of 'x' is not a finite number" "$CLI" grad "x + 1" x=1e999
expect grad_value_nan 2 "value of 'x' is not a finite number" "$CLI" grad "x + 1" x=nan

# Floats a spec cannot hold: located errors, not inf or 0.
expect leakyrelu_1e39 2 'line 1, col 20: .*float32' "$CLI" summary "INPUT 2, LEAKYRELU-1e39, FC-2"
expect svm_1e308 2 'line 1, col 20: .*float32' "$CLI" summary "INPUT 2, FC-2, SVM-1e308"
expect elu_1e-50 2 'line 1, col 14: .*float32' "$CLI" summary "INPUT 2, ELU-1e-50, FC-2"
"$CLI" export-pytorch "INPUT 2, ELU-1e-30, LEAKYRELU-3e38, FC-2, SVM-1e-37" >"$TMP/model.py" 2>&1
expect export_small_floats_is_python 0 '^ok$' "$PY" -c "import sys; src = open(sys.argv[1]).read(); \
assert 'null' not in src, 'null in export'; compile(src, 'model.py', 'exec'); print('ok')" "$TMP/model.py"

# Training memory: the page's budget by default, --memory-budget-mib to change it; over it exits 2 before
# anything is allocated (it was exit 1, std::bad_alloc).
config "$TMP/big.json" "INPUT 2, FC-8000, FC-8000, FC-2"
expect train_over_default_budget 2 "gradlab-cli's .*budget is 640 MiB" "$CLI" train "$TMP/big.json"
config "$TMP/mid.json" "INPUT 2, FC-3000, FC-3000, FC-2"
expect train_over_lowered_budget 2 "budget is 100 MiB" "$CLI" train "$TMP/mid.json" --memory-budget-mib 100
expect train_within_raised_budget 0 '"final":true' "$CLI" train "$TMP/mid.json" --memory-budget-mib 200
expect train_budget_flag_checked 2 'memory-budget-mib needs a whole number' "$CLI" train "$TMP/mid.json" \
  --memory-budget-mib 1e300
config "$TMP/two_rows.json" "INPUT 1 x 1 x 1 x 1, $ROW, $ROW, FC-2"
expect train_two_rows_wrap 2 'exceeds 2\^63 - 1' "$CLI" train "$TMP/two_rows.json"

# JSON that is not JSON.
config "$TMP/hex.json" "INPUT 2, FC-2" ', "batch_size": 0x2'
expect config_hex_number 2 'json: malformed number .*at offset' "$CLI" train "$TMP/hex.json"
for bad in -nan -inf 1e999; do
  config "$TMP/bad.json" "INPUT 2, FC-2" ", \"l2\": $bad"
  expect "config_number_$bad" 2 'json: .*(malformed|out of range).* at offset' "$CLI" train "$TMP/bad.json"
done

# Input sizes: just under the limit works, just over and 10x over are refused naming the limit.
pad() { "$PY" -c "import sys; s = 'INPUT 2, FC-2 #'; print(s + 'a' * (int(sys.argv[1]) - len(s)), end='')" "$1"; }
pad 65536 >"$TMP/spec_at_limit.txt"
expect spec_file_at_limit 0 'parameters' "$CLI" summary "$TMP/spec_at_limit.txt"
pad 65537 >"$TMP/spec_over.txt"
expect spec_file_over_limit 2 'kMaxSpecTextBytes' "$CLI" summary "$TMP/spec_over.txt"
pad 655360 >"$TMP/spec_10x.txt"
expect spec_file_10x_limit 2 "file '.*spec_10x.txt': the spec text is 655360 bytes" "$CLI" export-pytorch \
  "$TMP/spec_10x.txt"
expect spec_argument_over_limit 2 'kMaxSpecTextBytes' "$CLI" summary "$(pad 65537)"
"$PY" -c "import sys; open(sys.argv[1], 'w').write('{\"spec\": \"INPUT 2, FC-2\", \"pad\": \"' + 'A' * 1100000 + '\"}')" \
  "$TMP/huge_config.json"
expect config_file_over_limit 2 'kMaxCliFileBytes' "$CLI" train "$TMP/huge_config.json"

exit $fail
