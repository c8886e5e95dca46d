"""`bandstation record` as a person runs it on new hardware: real binary, real files."""
import os
import shlex
import subprocess
import tempfile
import unittest

# Under a cross build the programs run through the emulator (qemu-aarch64-static).
EMULATOR = shlex.split(os.environ.get("BANDSTATION_EMULATOR", ""))
BIN = [*EMULATOR, os.environ["BANDSTATION_BIN"]]
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")


def run(*args, timeout=60):
    return subprocess.run([*BIN, "record", *args], capture_output=True, text=True, timeout=timeout)


def read_trace(path):
    """(comments as a dict, header, rows) of a trace file, comments after the data included."""
    comments, header, rows = {}, None, []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#"):
                key, _, value = line[1:].partition(":")
                comments[key.strip()] = value.strip()
            elif header is None:
                header = line
            else:
                t, v = line.split(",")
                rows.append((float(t), float(v)))
    return comments, header, rows


class Record(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def out(self, name="rec.csv"):
        return os.path.join(self.tmp.name, name)

    def test_simulated_capture_has_rate_and_counters_at_the_end(self):
        path = self.out()
        r = run("--sensor", "simulated", "--rate", "200", "--seconds", "1.5", "--output", path,
                "--no-realtime")
        self.assertEqual(r.returncode, 0, r.stderr)
        comments, header, rows = read_trace(path)
        self.assertEqual(header, "t_s,counts")
        self.assertEqual(comments["sample_rate_hz"], "200")
        self.assertEqual(comments["exercise"], "banded_bridge")
        self.assertGreater(len(rows), 250)
        self.assertEqual(int(comments["samples"]), len(rows))
        self.assertAlmostEqual(float(comments["measured_rate_hz"]), 200, delta=5)
        for key in ("bad_reads", "timing_rejects", "timeouts", "saturations", "resets", "gaps"):
            self.assertIn(key, comments)
        self.assertIn("real-time off", comments["realtime"])
        self.assertTrue(all(b[0] > a[0] for a, b in zip(rows, rows[1:])))
        self.assertIn("samples at", r.stderr)

    def test_replay_round_trips_to_newtons_and_analyzes(self):
        trace = os.path.join(DATA, "banded_bridge_short.csv")
        path = self.out()
        r = run("--sensor", "replay", "--trace", trace, "--fast", "--calibration", "150000,8000",
                "--output", path)
        self.assertEqual(r.returncode, 0, r.stderr)
        _, header, rows = read_trace(path)
        _, _, original = read_trace(trace)
        self.assertEqual(header, "t_s,force_n")
        self.assertEqual(len(rows), len(original))
        for (t, f), (t0, f0) in zip(rows, original):
            self.assertAlmostEqual(t, t0 - original[0][0], places=5)
            self.assertAlmostEqual(f, f0, delta=0.0015)
        a = subprocess.run([*BIN, "analyze", path], capture_output=True, text=True)
        self.assertEqual(a.returncode, 0, a.stderr)

    def test_a_raw_capture_needs_the_calibration_to_analyze(self):
        trace = os.path.join(DATA, "banded_bridge_short.csv")
        path = self.out()
        self.assertEqual(run("--sensor", "replay", "--trace", trace, "--fast", "--output",
                             path).returncode, 0)
        a = subprocess.run([*BIN, "analyze", path], capture_output=True, text=True)
        self.assertEqual(a.returncode, 2)
        self.assertIn("--calibration", a.stderr)
        a = subprocess.run([*BIN, "analyze", "--calibration", "150000,8000", path],
                           capture_output=True, text=True)
        self.assertEqual(a.returncode, 0, a.stderr)

    def test_missing_hardware_is_named_and_fails(self):
        r = run("--sensor", "hx711", "--chip", "/dev/gpiochip-nonexistent", "--seconds", "1")
        self.assertEqual(r.returncode, 1)
        self.assertIn("/dev/gpiochip-nonexistent", r.stderr)
        r = run("--sensor", "ads1220", "--spi", "/dev/spidev5.5", "--seconds", "1")
        self.assertEqual(r.returncode, 1)
        self.assertIn("/dev/spidev5.5", r.stderr)

    def test_bad_usage(self):
        r = run("--sensor", "hx999")
        self.assertEqual(r.returncode, 2)
        self.assertIn("--sensor is", r.stderr)
        r = run("--sensor", "replay")
        self.assertEqual(r.returncode, 2)
        self.assertIn("--trace", r.stderr)
        r = run("--sensor", "hx711", "--rate", "40", "--chip", "/dev/gpiochip0")
        self.assertEqual(r.returncode, 1)
        self.assertIn("10 or 80", r.stderr)
        r = run("--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn("--dout", r.stdout)


if __name__ == "__main__":
    unittest.main()
