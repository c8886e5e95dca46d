"""The bandstation CLI as a person runs it: real binary, real files, exit codes and output."""
import csv
import io
import json
import os
import shlex
import subprocess
import tempfile
import unittest

# Under a cross build the programs run through the emulator (qemu-aarch64-static).
EMULATOR = shlex.split(os.environ.get("BANDSTATION_EMULATOR", ""))
BIN = [*EMULATOR, os.environ["BANDSTATION_BIN"]]
TRACES = os.environ.get("BANDSTATION_TRACES_DIR", "")


def run(*args):
    return subprocess.run([*BIN, *args], capture_output=True, text=True)


class Cli(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, text):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def assert_input_error(self, result, *needles):
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertEqual(result.stdout, "")
        lines = result.stderr.splitlines()
        self.assertEqual(len(lines), 1, result.stderr)
        for n in needles:
            self.assertIn(n, lines[0])

    def test_help_and_unknown_command(self):
        r = run("--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn("analyze", r.stdout)
        self.assertEqual(run().returncode, 2)
        r = run("frobnicate")
        self.assertEqual(r.returncode, 2)
        self.assertIn("unknown command 'frobnicate'", r.stderr)

    def test_example_trace_json(self):
        path = os.path.join(TRACES, "banded_bridge_80hz.csv")
        r = run("analyze", "--exercise", "banded_bridge", path)
        self.assertEqual(r.returncode, 0, r.stderr)
        doc = json.loads(r.stdout)
        self.assertEqual(doc["exercise"], "banded_bridge")
        self.assertEqual(doc["sample_rate_hz"], 80.0)
        self.assertEqual(doc["samples"], 5247)
        self.assertEqual(len(doc["reps"]), 10)
        first = doc["reps"][0]
        for key in ("index", "start_s", "concentric_end_s", "peak_s", "eccentric_start_s", "end_s",
                    "concentric_s", "hold_s", "eccentric_s", "peak_force_n", "mean_force_n",
                    "impulse_ns", "tut_s"):
            self.assertIn(key, first)
        self.assertLess(first["start_s"], first["concentric_end_s"])
        self.assertLess(first["concentric_end_s"], first["eccentric_start_s"])
        self.assertLess(first["eccentric_start_s"], first["end_s"])
        self.assertAlmostEqual(first["tut_s"], first["end_s"] - first["start_s"], places=3)
        self.assertEqual(doc["holds"], [])
        self.assertIsInstance(doc["warnings"], list)

    def test_csv_format(self):
        path = os.path.join(TRACES, "crab_walk_80hz.csv")
        r = run("analyze", "--exercise", "crab_walk", "--format", "csv", path)
        self.assertEqual(r.returncode, 0, r.stderr)
        rows = list(csv.DictReader(io.StringIO(r.stdout)))
        self.assertEqual(len(rows), 30)
        self.assertEqual({row["direction"] for row in rows}, {"1", "2"})

    def test_hold_csv(self):
        path = os.path.join(TRACES, "glute_bridge_hold_80hz.csv")
        r = run("analyze", "--exercise", "glute_bridge_hold", "--format", "csv", path)
        self.assertEqual(r.returncode, 0, r.stderr)
        rows = list(csv.DictReader(io.StringIO(r.stdout)))
        self.assertEqual(len(rows), 1)
        self.assertAlmostEqual(float(rows[0]["duration_s"]), 30.8, delta=0.5)

    def test_low_rate_warns(self):
        path = os.path.join(TRACES, "hip_flexor_lift_10hz.csv")
        doc = json.loads(run("analyze", "--exercise", "hip_flexor_lift", path).stdout)
        self.assertFalse(doc["tempo_reliable"])
        self.assertTrue(any("unreliable" in w for w in doc["warnings"]))
        self.assertNotIn("too_fast_up", doc["reps"][0])

    def test_rfd_only_at_high_rate(self):
        slow = json.loads(run("analyze", "--exercise", "clamshell",
                              os.path.join(TRACES, "clamshell_80hz.csv")).stdout)
        fast = json.loads(run("analyze", "--exercise", "side_leg_raise",
                              os.path.join(TRACES, "side_leg_raise_320hz.csv")).stdout)
        self.assertNotIn("rfd_n_per_s", slow["reps"][0])
        self.assertGreater(fast["reps"][0]["rfd_n_per_s"], 0)

    def test_zone_and_tempo_options(self):
        path = os.path.join(TRACES, "clamshell_80hz.csv")
        doc = json.loads(run("analyze", "--exercise", "clamshell", "--zone", "1000-2000",
                             path).stdout)
        self.assertTrue(all(r["in_zone"] is False and r["good"] is False for r in doc["reps"]))
        doc = json.loads(run("analyze", "--exercise", "clamshell", "--tempo", "4-1-4",
                             path).stdout)
        self.assertTrue(all(r["too_fast_up"] for r in doc["reps"]))
        self.assertEqual(doc["summary"]["good"], 0)

    def test_errors(self):
        ok = os.path.join(TRACES, "clamshell_80hz.csv")
        self.assert_input_error(run("analyze", "--exercise", "pilates", ok), "unknown exercise")
        self.assert_input_error(run("analyze", "--exercise", "clamshell",
                                    os.path.join(self.tmp.name, "nope.csv")), "cannot open")
        bad = self.write("bad.csv", "# exercise: clamshell\nt_s,force_n\n0.0,30\n0.1,3O\n")
        self.assert_input_error(run("analyze", "--exercise", "clamshell", bad), "bad.csv:4:")
        back = self.write("back.csv", "t_s,force_n\n0.0,30\n0.2,31\n0.1,30\n")
        self.assert_input_error(run("analyze", "--exercise", "clamshell", back), ":4:",
                                "backwards")
        inf = self.write("inf.csv", "t_s,force_n\n0.0,30\n0.1,-inf\n")
        self.assert_input_error(run("analyze", "--exercise", "clamshell", inf), ":3:",
                                "non-finite")
        self.assert_input_error(run("analyze", "--exercise", "clamshell", self.tmp.name),
                                "bandstation analyze:")

    def test_empty_trace(self):
        for text in ("", "# exercise: clamshell\n", "t_s,force_n\n"):
            path = self.write("empty.csv", text)
            r = run("analyze", "--exercise", "clamshell", path)
            self.assertEqual(r.returncode, 0, r.stderr)
            doc = json.loads(r.stdout)
            self.assertEqual(doc["reps"], [])
            self.assertEqual(doc["samples"], 0)


if __name__ == "__main__":
    unittest.main()


class Tokens(unittest.TestCase):
    """`bandstation token` on a database file, as the package's scripts and an admin use it."""

    def test_create_needs_a_database_or_init_then_list_and_revoke(self):
        with tempfile.TemporaryDirectory() as tmp:
            db = os.path.join(tmp, "station.db")
            missing = run("token", "create", "--scope", "control", "--db", db)
            self.assertEqual(missing.returncode, 1)
            self.assertIn("no database at " + db, missing.stderr)
            self.assertFalse(os.path.exists(db), "a typo must not leave an empty database")

            made = run("token", "create", "--scope", "control", "--name", "touchscreen",
                       "--db", db, "--init")
            self.assertEqual(made.returncode, 0, made.stderr)
            secret = made.stdout.strip()
            self.assertRegex(secret, r"^bst_[A-Za-z0-9_-]{20,}$")
            self.assertNotIn(secret, run("token", "list", "--db", db).stdout)

            listed = run("token", "list", "--db", db)
            self.assertEqual(listed.returncode, 0, listed.stderr)
            fields = listed.stdout.splitlines()[0].split("\t")
            self.assertEqual(fields[1:3], ["control", "touchscreen"])

            self.assertEqual(run("token", "revoke", fields[0], "--db", db).returncode, 0)
            self.assertIn("revoked", run("token", "list", "--db", db).stdout)
            again = run("token", "revoke", fields[0], "--db", db)
            self.assertEqual(again.returncode, 1)
            self.assertIn("no active token", again.stderr)

            bad = run("token", "create", "--scope", "root", "--db", db)
            self.assertEqual(bad.returncode, 2)
            self.assertIn("--scope must be read, control or admin", bad.stderr)
            self.assertEqual(run("token", "list", "--init", "--db", db).returncode, 2)
