"""A real bandstationd on 127.0.0.1 for the end-to-end tests: started with a config file, its port
read from its log, talked to with curl and a real WebSocket client."""
import json
import math
import os
import shlex
import re
import signal
import subprocess
import tempfile
import threading
import time

import websocket  # python3-websocket

# Under a cross build the programs run through the emulator (qemu-aarch64-static).
EMULATOR = shlex.split(os.environ.get("BANDSTATION_EMULATOR", ""))
DAEMON = [*EMULATOR, os.environ["BANDSTATIOND_BIN"]]
TOOL = [*EMULATOR, os.environ["BANDSTATION_BIN"]]


def write_rep_trace(path, rate_hz=100, seconds=60.0):
    """Quick reps on a band (1.9 s each: up 0.5 s, top 0.3 s, down 0.5 s, rest 0.6 s)."""
    with open(path, "w") as f:
        f.write("t_s,force_n\n")
        for i in range(int(seconds * rate_hz)):
            t = i / rate_hz
            p = t % 1.9
            if p < 0.5:
                x = (1 - math.cos(math.pi * p / 0.5)) / 2
            elif p < 0.8:
                x = 1.0
            elif p < 1.3:
                x = (1 + math.cos(math.pi * (p - 0.8) / 0.5)) / 2
            else:
                x = 0.0
            f.write(f"{t:.4f},{25 + 45 * x:.3f}\n")


def write_calibration_trace(path, rate_hz=80):
    """Raw counts of a person calibrating: nothing, then a 5 kg mass, then nothing; repeated."""
    import random
    rng = random.Random(4)
    offset, per_n = 120000, 7500
    mass_n = 5 * 9.80665
    rows, t = [], 0.0
    for level, seconds in [(0, 2.0), (0.5, 0.4), (1, 2.5), (0.5, 0.3), (0, 2.5)]:
        for _ in range(int(seconds * rate_hz)):
            rows.append((t, int(offset + level * mass_n * per_n + rng.gauss(0, 200))))
            t += 1 / rate_hz
    with open(path, "w") as f:
        f.write("t_s,counts\n")
        for t, c in rows:
            f.write(f"{t:.5f},{c}\n")
    return offset, per_n


def disk_env(sync_delay_ms=0, full_flag=None):
    """The environment that preloads the slow or full disk (disk_shim.cpp) into the daemon; None
    where it cannot be preloaded (under the emulator)."""
    shim = os.environ.get("BANDSTATION_DISK_SHIM")
    if EMULATOR or not shim:
        return None
    env = {"LD_PRELOAD": shim, "BANDSTATION_TEST_SYNC_DELAY_MS": str(sync_delay_ms),
           # The sanitized build's runtime would otherwise insist on coming first.
           "ASAN_OPTIONS": os.environ.get("ASAN_OPTIONS", "") + ":verify_asan_link_order=0"}
    if full_flag:
        env["BANDSTATION_TEST_DISK_FULL_FLAG"] = full_flag
    return env


class Daemon:
    def __init__(self, settings, env=None, directory=None):
        """A daemon on a database in a new directory, or in `directory` (kept after close)."""
        self.dir = tempfile.TemporaryDirectory() if directory is None else None
        where = directory or self.dir.name
        self.db = os.path.join(where, "station.db")
        self.config = os.path.join(where, "bandstation.conf")
        base = {"database": self.db, "listen": "127.0.0.1:0", "realtime": "no",
                "lock_memory": "no", "log_level": "debug"}
        base.update(settings)
        with open(self.config, "w") as f:
            for k, v in base.items():
                f.write(f"{k} = {v}\n")
        self.log = []
        self.proc = subprocess.Popen([*DAEMON, "--config", self.config], stderr=subprocess.PIPE,
                                     text=True, env={**os.environ, **(env or {})})
        self.port = None
        ready = threading.Event()

        def pump():
            for line in self.proc.stderr:
                self.log.append(line.rstrip("\n"))
                m = re.search(r"listening on [0-9.]+:(\d+)", line)
                if m:
                    self.port = int(m.group(1))
                    ready.set()
            ready.set()

        self.pump = threading.Thread(target=pump, daemon=True)
        self.pump.start()
        if not ready.wait(20) or self.port is None:
            self.stop()
            raise RuntimeError("bandstationd did not start:\n" + "\n".join(self.log))
        self.url = f"http://127.0.0.1:{self.port}"

    def token(self, scope):
        out = subprocess.run([*TOOL, "token", "create", "--scope", scope, "--db", self.db],
                             capture_output=True, text=True, check=True)
        return out.stdout.strip()

    def curl(self, method, path, token=None, body=None, extra=()):
        """(status, parsed JSON or text, headers text) of one request made by curl."""
        args = ["curl", "-s", "-S", "-X", method, "-D", "-", "--max-time", "30"]
        if token:
            args += ["-H", f"Authorization: Bearer {token}"]
        if body is not None:
            args += ["-H", "Content-Type: application/json", "--data-binary", "@-"]
        args += list(extra) + [self.url + path]
        # Bytes, not text: text mode would turn the header's CRLFs into newlines.
        out = subprocess.run(args, input=body.encode() if body is not None else None,
                             capture_output=True, timeout=40)
        if out.returncode != 0:
            raise RuntimeError(f"curl failed: {out.stderr.decode()}")
        head, _, text = out.stdout.decode().partition("\r\n\r\n")
        while head.startswith("HTTP/1.1 100"):
            head, _, text = text.partition("\r\n\r\n")
        status = int(head.split()[1])
        try:
            return status, json.loads(text), head
        except ValueError:
            return status, text, head

    def live(self, token, **kwargs):
        return websocket.create_connection(f"ws://127.0.0.1:{self.port}/api/v1/live",
                                           header=[f"Authorization: Bearer {token}"],
                                           timeout=10, **kwargs)

    def stop(self, sig=signal.SIGTERM, timeout=20):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        self.pump.join(5)
        self.proc.stderr.close()
        return code

    def close(self):
        self.stop()
        if self.dir:
            self.dir.cleanup()


def receive_until(ws, done, seconds):
    """Messages (parsed) until done(messages) holds or time runs out."""
    messages, end = [], time.monotonic() + seconds
    while time.monotonic() < end and not done(messages):
        try:
            messages.append(json.loads(ws.recv()))
        except websocket.WebSocketTimeoutException:
            continue
    return messages
