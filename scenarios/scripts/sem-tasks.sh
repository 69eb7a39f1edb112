#!/usr/bin/env bash
# The Java side of semaphore-3-of-10: COUNT tasks at once, each `mpbridge sem acquire`, its work, then
# `mpbridge sem release`, logging "enter ID NS" after acquiring and "exit ID NS" before releasing.
# usage: sem-tasks.sh SEM LOG FIRST COUNT HOLD_SECONDS
set -euo pipefail
sem=$1 log=$2 first=$3 count=$4 hold=$5

task() {
  mpbridge sem acquire "$sem" --timeout 60
  echo "enter $1 $(date +%s%N)" >> "$log"
  sleep "$hold"  # the task's work (the seed: sleep(2))
  echo "exit $1 $(date +%s%N)" >> "$log"
  mpbridge sem release "$sem"
}

pids=()
for ((i = first; i < first + count; i++)); do
  task "$i" &
  pids+=($!)
done
status=0
for p in "${pids[@]}"; do wait "$p" || status=1; done
exit $status
