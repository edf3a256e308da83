#!/usr/bin/env python3
"""Types command lines into an interactive bash on a pseudo-terminal, each
followed by a TAB and RETURN, so that readline itself completes and quotes
them, and prints the words the command was run with: "== LINE", then one
word a line.  Usage: readline.py BASH_COMPLETION COMPLETION_FILE LINE...

The command is a shell function that prints its arguments, so nothing is
run; every read is bounded by a deadline."""

import os
import pty
import select
import sys
import time


def read_until(fd, marker, seconds=10):
    out = b""
    deadline = time.monotonic() + seconds
    while marker not in out:
        left = deadline - time.monotonic()
        ready, _, _ = select.select([fd], [], [], max(0, left))
        if not ready:
            sys.exit("readline.py: no %r from bash: %r" % (marker, out))
        out += os.read(fd, 4096)
    return out


def main():
    bash_completion, completion, lines = sys.argv[1], sys.argv[2], sys.argv[3:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp("bash", ["bash", "--norc", "--noprofile", "-i"])

    def send(text):
        os.write(fd, text.encode())

    try:
        send("PS1= PS2=; bind 'set bell-style none'; "
             "bind 'set enable-bracketed-paste off'; "
             ". '%s' && . '%s'\n" % (bash_completion, completion))
        # The markers are spelt in two pieces so that the terminal's echo
        # of these lines does not contain them.
        send('shmctl() { printf "@@""A@%s@@\\n" "$@"; printf "@@""E@\\n"; }\n')
        send('printf "@@""R@\\n"\n')
        read_until(fd, b"@@R@")
        for line in lines:
            print("== " + line, flush=True)
            send(line + "\t\n")
            out = read_until(fd, b"@@E@").decode("utf-8", "replace")
            for word in out.split("\r\n"):
                if word.startswith("@@A@") and word.endswith("@@"):
                    print(word[4:-2], flush=True)
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)


if __name__ == "__main__":
    main()
