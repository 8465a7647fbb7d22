"""Isolation of untrusted processes: generated apps and the agent's commands run in a bubblewrap box.

A box is a set of Linux namespaces (PID, mount, IPC, UTS; the host's network, so loopback ports stay
reachable) holding a read-only view of the system, the workspace writable, a private /tmp and /dev/shm,
and nothing else of the harness. Processes enter it through `nsenter` as an unprivileged account, so
whatever they fork, however they detach or scrub their environment, they stay inside and die with it.

Read `box.py` first; `mode.py` decides whether boxes are used. The package imports nothing heavy at
the top, because `watchdog.py` runs as a process of its own and must start fast.
"""
