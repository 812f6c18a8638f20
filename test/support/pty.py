"""Runs a command on a real pseudo-terminal of a given size, as a person's terminal would.

usage: python3 pty.py COLUMNS ROWS COMMAND [ARG...]

The command's standard output (and input) is the terminal; its standard error is passed through
as this script's. What the terminal showed is written to this script's standard output, and the
script exits with the command's exit code.
"""
import fcntl
import os
import struct
import subprocess
import sys
import termios

columns, rows = int(sys.argv[1]), int(sys.argv[2])
master, slave = os.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
child = subprocess.Popen(sys.argv[3:], stdin=slave, stdout=slave, stderr=sys.stderr, close_fds=True)
os.close(slave)
shown = bytearray()
while True:
    try:
        chunk = os.read(master, 65536)
    except OSError:  # EIO: every copy of the terminal's other end is closed
        break
    if not chunk:
        break
    shown += chunk
os.close(master)
sys.stdout.buffer.write(bytes(shown))
sys.exit(child.wait())
