#!/usr/bin/env bash
# CLI acceptance runs for training (called by ./build.sh test): each check prints PASS or FAIL with the
# numbers; the script exits non-zero when any check fails. Usage:
#   tests/train/run_acceptance.sh [BUILD_DIR]      (default: build/native; needs BUILD_DIR/gradlab-cli)
# The image pack is the one ./build.sh builds (build/data, GRADLAB_DATA_DIR to override); packed here when
# missing.
# Checks (thresholds documented here and in the configs next to this script):
#   1. spirals.json: INPUT 2, FC-16, FC-16, FC-2, SOFTMAX reaches 100% train accuracy.
#   2. digits_cnn.json: a small CNN on the 8x8 digits reaches >= 95% test accuracy.
#   3. adding problem, T = 30 (both marked values lie in the first half, so each must be carried >= 15
#      steps); regression, predicting the mean gives MSE 0.167: the LSTM must reach test MSE < 0.02 while a
#      vanilla RNN with the same settings stays near chance (test MSE > 0.05).
#   4. diverge.json: SGD with lr 1000 exits 3 with "loss became NaN/Inf ... may be too high".
#   5. resume_cnn.json (BN, dropout, AdamW, warm-up + cosine, clipping): 30 steps straight and 13 steps,
#      --save-run, --resume, 17 steps write byte-identical run files (weights, moments, streams, history).
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${1:-$ROOT/build/native}"
CLI="$BUILD/gradlab-cli"
HERE="$ROOT/tests/train"
PY="$(command -v python3)"
fail=0

if [[ ! -x "$CLI" ]]; then
  echo "FAIL acceptance: $CLI not found (build the gradlab-cli target first)"
  exit 1
fi
DATA="${GRADLAB_DATA_DIR:-$ROOT/build/data}"
if [[ ! -f "$DATA/images.glpack" ]]; then
  "$PY" "$ROOT/engine/data/pack_images.py" "$DATA" >/dev/null || { echo "FAIL acceptance: pack_images.py"; exit 1; }
fi

# field FILE KEY: KEY of the last JSON line of FILE.
field() { "$PY" -c 'import json,sys; print(json.loads(open(sys.argv[1]).read().strip().splitlines()[-1]).get(sys.argv[2]))' "$1" "$2"; }
# check NAME CONDITION(python expression over v) VALUE DETAILS
check() {
  if "$PY" -c "import sys; v=float(sys.argv[1]); sys.exit(0 if ($2) else 1)" "$3" 2>/dev/null; then
    echo "PASS $1 ($4)"
  else
    echo "FAIL $1 ($4)"
    fail=1
  fi
}
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
run() {  # run NAME CONFIG: output in $TMP/NAME.out, exit code in $TMP/NAME.rc
  local t0=$SECONDS
  "$CLI" train "$HERE/$2" --data "$DATA" >"$TMP/$1.out" 2>"$TMP/$1.err"
  echo $? >"$TMP/$1.rc"
  echo $((SECONDS - t0)) >"$TMP/$1.sec"
}
rc() { cat "$TMP/$1.rc"; }

run spirals spirals.json
if [[ "$(rc spirals)" == 0 ]]; then
  check spirals_train_acc "v >= 1.0" "$(field "$TMP/spirals.out" acc_train)" \
    "acc_train=$(field "$TMP/spirals.out" acc_train) after $(field "$TMP/spirals.out" epochs_done) epochs, $(cat "$TMP/spirals.sec")s"
else
  echo "FAIL spirals_train_acc (exit $(rc spirals): $(cat "$TMP/spirals.err"))"; fail=1
fi

run digits digits_cnn.json
if [[ "$(rc digits)" == 0 ]]; then
  check digits_test_acc "v >= 0.95" "$(field "$TMP/digits.out" acc_test)" \
    "acc_test=$(field "$TMP/digits.out" acc_test) after $(field "$TMP/digits.out" epochs_done) epochs, $(cat "$TMP/digits.sec")s"
else
  echo "FAIL digits_test_acc (exit $(rc digits): $(cat "$TMP/digits.err"))"; fail=1
fi

run lstm adding_lstm.json
run rnn adding_rnn.json
if [[ "$(rc lstm)" == 0 && "$(rc rnn)" == 0 ]]; then
  check adding_lstm_solves "v < 0.02" "$(field "$TMP/lstm.out" loss_test)" \
    "LSTM test MSE=$(field "$TMP/lstm.out" loss_test), $(cat "$TMP/lstm.sec")s"
  check adding_rnn_near_chance "v > 0.05" "$(field "$TMP/rnn.out" loss_test)" \
    "RNN test MSE=$(field "$TMP/rnn.out" loss_test) (chance 0.167), $(cat "$TMP/rnn.sec")s"
else
  echo "FAIL adding (exit lstm=$(rc lstm) rnn=$(rc rnn): $(cat "$TMP/lstm.err" "$TMP/rnn.err"))"; fail=1
fi

run diverge diverge.json
msg="$(cat "$TMP/diverge.err")"
if [[ "$(rc diverge)" == 3 && "$msg" =~ loss\ (became\ NaN|became\ Inf|exceeded).*at\ step\ [0-9]+\;\ the\ learning\ rate\ 1000\ may\ be\ too\ high ]]; then
  echo "PASS divergence_reported (exit 3: ${msg#error: })"
else
  echo "FAIL divergence_reported (exit $(rc diverge): $msg)"; fail=1
fi

# Save and resume across an epoch boundary (400 samples, batch 32: 13 steps per epoch) bit for bit.
"$CLI" train "$HERE/resume_cnn.json" --data "$DATA" --steps 30 --save-run "$TMP/straight.run" >/dev/null 2>"$TMP/r1.err" &&
  "$CLI" train "$HERE/resume_cnn.json" --data "$DATA" --steps 13 --save-run "$TMP/half.run" >/dev/null 2>"$TMP/r2.err" &&
  "$CLI" train --resume "$TMP/half.run" --data "$DATA" --steps 17 --save-run "$TMP/resumed.run" >/dev/null 2>"$TMP/r3.err"
rrc=$?
if [[ $rrc == 0 ]] && cmp -s "$TMP/straight.run" "$TMP/resumed.run"; then
  echo "PASS resume_bit_for_bit (30 steps == 13 + save + resume + 17; run files of $(stat -c %s "$TMP/straight.run") bytes identical)"
else
  echo "FAIL resume_bit_for_bit (exit $rrc: $(cat "$TMP/r1.err" "$TMP/r2.err" "$TMP/r3.err"); files differ or missing)"; fail=1
fi

# Bad config: exit 2 naming the field.
echo '{"spec":"INPUT 2\nFC-2","data":{"name":"spirals"},"batch_size":-4}' >"$TMP/bad.json"
"$CLI" train "$TMP/bad.json" >/dev/null 2>"$TMP/bad.err"; brc=$?
if [[ $brc == 2 ]] && grep -q "field 'batch_size'" "$TMP/bad.err"; then
  echo "PASS bad_config_exit_2 ($(cat "$TMP/bad.err"))"
else
  echo "FAIL bad_config_exit_2 (exit $brc: $(cat "$TMP/bad.err"))"; fail=1
fi

exit $fail
