"""Peer programs run under each CPython found (stdlib only, 3.8+): ``python -m mpbridge.peers.<name>``."""
