#!/usr/bin/env bash
# The background idiom of `anyint emulator --help` and `anyint-emulator --help`, run the way a user
# pastes it into bash: the command substitution must return, the exports must reach a working
# emulator, and `kill` must stop it. $1 is the CLI's bin, $2 the emulator's.
set -euo pipefail
anyint() { node "$1" "${@:2}"; }
cli=$1
emulator=$2

for start in "anyint $cli emulator" "node $emulator"; do
  unset ANYINT_BASE_URL ANYINT_API_KEY ANYINT_EMULATOR_PID
  eval "$($start --port 0 --background)"
  : "${ANYINT_BASE_URL:?no ANYINT_BASE_URL exported}" "${ANYINT_API_KEY:?no ANYINT_API_KEY exported}"
  : "${ANYINT_EMULATOR_PID:?no ANYINT_EMULATOR_PID exported}"
  anyint "$cli" check -m text-embedding-3-small --json > /dev/null
  # The key is required: a wrong one is refused (exit 1 = the check ran and failed). Both starts run
  # the same server, so once is enough; each check is a cold Node start on a possibly busy machine.
  if [[ $start == anyint* ]] && ANYINT_API_KEY=wrong anyint "$cli" check -m text-embedding-3-small --json > /dev/null 2>&1; then
    echo "a wrong key was accepted" >&2
    exit 1
  fi
  kill "$ANYINT_EMULATOR_PID"
  for _ in $(seq 100); do kill -0 "$ANYINT_EMULATOR_PID" 2> /dev/null || break; sleep 0.1; done
  if kill -0 "$ANYINT_EMULATOR_PID" 2> /dev/null; then
    echo "the emulator outlived kill $ANYINT_EMULATOR_PID" >&2
    exit 1
  fi
  echo "ok: $start"
done
