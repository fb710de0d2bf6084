"""workflow/Snakefile (issue #13): the EM test slices segmented as 2 shards by real snakemake with --cores 2 give
the same summary.csv and byte-identical label/mask files as one `npm run segment` run; a shard killed mid-way is
finished by rerunning the workflow (its shards run with --resume) without redoing the images it had finished.

Needs snakemake (Debian's; .ci/run installs it), node_modules and ../shared/datasets/isbi2012_em (or
$SEGSTUDIO_DATA). About a minute on 2 idle cores.

  /usr/bin/python3 -m unittest training.tests.test_segment_workflow   (from the repo root)
"""
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("SEGSTUDIO_DATA", REPO.parent / "shared" / "datasets")) / "isbi2012_em"
MODEL = "em-unet-int8"
SLICES = 4  # the first 4 test slices of split.json: 2 per shard


def segment(*args, **kw):
    return subprocess.run(["npm", "run", "-s", "segment", "--", *args], cwd=REPO, capture_output=True, text=True, timeout=300, **kw)


def outputs(d):
    """Label, mask and row files of a run (not the summaries or logs)."""
    return sorted(p.name for p in Path(d).iterdir() if p.is_file() and not p.name.startswith("summary"))


@unittest.skipUnless((DATA / "split.json").exists(), f"ISBI EM data not found at {DATA}")
class SegmentWorkflowTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if shutil.which("snakemake") is None:
            raise AssertionError("snakemake is not installed (apt-get install snakemake; .ci/run does it)")
        cls.tmp = tempfile.TemporaryDirectory()
        cls.root = Path(cls.tmp.name)
        cls.inputs = cls.root / "in"
        cls.inputs.mkdir()
        test = json.loads((DATA / "split.json").read_text())["test"][:SLICES]
        for name in test:
            (cls.inputs / f"{name}.png").symlink_to(DATA / "images" / f"{name}.png")
        cls.names = sorted(test)
        # The reference: one plain run, 1 thread (as each shard job below).
        r = segment("--model", MODEL, "--out", str(cls.root / "single"), "--threads", "1", "--quiet", str(cls.inputs))
        if r.returncode != 0:
            raise AssertionError(f"single run failed: {r.stderr}")
        cls.single = (cls.root / "single" / "summary.csv").read_text()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def snakemake(self, out):
        cmd = ["snakemake", "--cores", "2", "-s", str(REPO / "workflow" / "Snakefile"), "--directory", str(self.root),
               "--config", f"input={self.inputs}", f"output={out}", f"model={MODEL}", "shards=2", "threads=1"]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        self.assertEqual(r.returncode, 0, r.stdout[-3000:] + r.stderr[-3000:])
        return r

    def assert_same_as_single(self, out):
        self.assertEqual((out / "summary.csv").read_text(), self.single)
        single = self.root / "single"
        self.assertEqual(outputs(out), outputs(single))
        for f in outputs(single):
            self.assertEqual((out / f).read_bytes(), (single / f).read_bytes(), f)

    def test_two_shards_equal_one_run(self):
        out = self.root / "sharded"
        self.snakemake(out)
        self.assertEqual(sorted(p.name for p in out.glob("summary*.csv")),
                         ["summary.csv", "summary.shard-1-of-2.csv", "summary.shard-2-of-2.csv"])
        rows = self.single.strip().split("\n")
        self.assertEqual(rows[0], "name,plane,width,height,objects,foreground_fraction,iou,dice,f1")
        self.assertEqual([r.split(",")[0] for r in rows[1:]], self.names)
        self.assert_same_as_single(out)

    def test_killed_shard_resumes_without_redoing_finished_images(self):
        out = self.root / "killed"
        # Shard 2 of 2 (the 2nd and 4th slices) on its own, killed (SIGKILL, no clean-up) once its first image is done.
        p = subprocess.Popen(["npm", "run", "-s", "segment", "--", "--model", MODEL, "--out", str(out), "--shard", "2/2",
                              "--threads", "1", "--quiet", str(self.inputs)], cwd=REPO, start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        first, second = self.names[1], self.names[3]
        deadline = time.time() + 240
        while not (out / f"{first}.row.csv").exists():
            self.assertIsNone(p.poll(), "the shard ended before it could be killed")
            self.assertLess(time.time(), deadline, "the shard's first image never finished")
            time.sleep(0.05)
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        self.assertFalse((out / "summary.shard-2-of-2.csv").exists())
        self.assertFalse((out / f"{second}.row.csv").exists(), "the second image finished before the kill")
        done = {f: (out / f).stat().st_mtime_ns for f in (f"{first}.labels.tif", f"{first}.mask.png", f"{first}.row.csv")}

        self.snakemake(out)
        for f, mtime in done.items():
            self.assertEqual((out / f).stat().st_mtime_ns, mtime, f"{f} was redone")
        log = (out / "logs" / "shard-2-of-2.log").read_text()
        self.assertIn("1 complete (skipped), 1 to segment", log)
        self.assert_same_as_single(out)


if __name__ == "__main__":
    unittest.main()
