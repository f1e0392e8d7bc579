"""Stops a loopback test server when the process that started it is gone, so that a test
killed by a timeout leaves no server behind (Python standard library only)."""
import os
import threading
import time


def stop_with_parent(server):
    """Calls server.shutdown() once our parent process has exited."""
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        server.shutdown()

    threading.Thread(target=watch, daemon=True).start()
