#!/usr/bin/env bats
# Interoperability with a program nobody here wrote: Python's
# multiprocessing.shared_memory (shm_open(3) through _posixshmem).

load common

py() { python3 "$BATS_TEST_DIRNAME/interop.py" "$@"; }

setup() {
	common_setup
	python3 -c 'from multiprocessing import shared_memory' 2>/dev/null ||
		skip "python3 with multiprocessing.shared_memory is not available"
}

@test "Python creates and writes; shmctl stats and reads it" {
	py create "$N" 4096 "hello from python"
	run shmctl stat -c '%n %s' "$N"
	assert_success
	assert_output "/$N 4096"
	run shmctl dump -r -n 17 "$N"
	assert_success
	assert_output "hello from python"
	run shmctl dump -n 17 "$N"
	assert_success
	assert_output "$(printf 'hello from python' | hexdump -C)"
}

@test "shmctl writes; Python sees the bytes" {
	py create "$N" 4096 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	run shmctl write -o 5 --string "from shmctl" "$N"
	assert_success
	run py read "$N" 0 20
	assert_success
	assert_output "xxxxxfrom shmctlxxxx"
}

@test "shmctl creates and sizes; Python attaches, reads, and unlinks" {
	shmctl create -s 8K "$N"
	shmctl write --string "made by shmctl" "$N"
	run py size "$N"
	assert_success
	assert_output 8192
	run py read "$N" 0 14
	assert_output "made by shmctl"
	run py unlink "$N"
	assert_success
	run shmctl stat "$N"
	assert_failure 1
	assert_output "shmctl: stat: /$N: No such file or directory"
}

@test "Python's unlink and shmctl's see the same namespace" {
	py create "$N" 100 "x"
	run shmctl unlink "$N"
	assert_success
	run python3 -c 'import sys
from multiprocessing import shared_memory
try:
    shared_memory.SharedMemory(name=sys.argv[1])
except FileNotFoundError:
    print("gone")' "$N"
	assert_output gone
}
