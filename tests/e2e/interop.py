#!/usr/bin/env python3
"""Python's multiprocessing.shared_memory as an independent peer of shmctl.

usage: interop.py create NAME SIZE TEXT   create NAME, write TEXT at 0
       interop.py read NAME OFFSET LENGTH print LENGTH bytes at OFFSET
       interop.py size NAME               print the size Python sees
       interop.py unlink NAME             unlink NAME
"""
import sys
from multiprocessing import resource_tracker, shared_memory


def attach(name, **kw):
    shm = shared_memory.SharedMemory(name=name, **kw)
    # The object belongs to the test, not to this process: without this,
    # Python's resource tracker would unlink it when the script exits.
    resource_tracker.unregister(shm._name, "shared_memory")
    return shm


def main(argv):
    op, name = argv[1], argv[2]
    if op == "create":
        shm = attach(name, create=True, size=int(argv[3]))
        data = argv[4].encode()
        shm.buf[:len(data)] = data
        shm.close()
    elif op == "read":
        shm = attach(name)
        off, n = int(argv[3]), int(argv[4])
        sys.stdout.write(bytes(shm.buf[off:off + n]).decode())
        shm.close()
    elif op == "size":
        shm = attach(name)
        print(shm.size)
        shm.close()
    elif op == "unlink":
        shm = attach(name)
        shm.close()
        shm.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
