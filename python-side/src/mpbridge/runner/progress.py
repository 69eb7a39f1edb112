"""Live progress: a bar redrawn in place on a terminal, else one line per finished cell (CI logs)."""
import shutil
import sys
import threading


class Progress(object):
    def __init__(self, total, stream=None, mode="auto"):
        self.stream = stream or sys.stderr
        self.total = total
        self.done = 0
        self.counts = {"pass": 0, "fail": 0, "skip": 0}
        self.running = []
        self.lock = threading.Lock()
        if mode == "auto":
            mode = "bar" if getattr(self.stream, "isatty", lambda: False)() else "lines"
        self.mode = mode

    def started(self, cell):
        with self.lock:
            self.running.append(cell.id)
            self._draw()

    def finished(self, outcome):
        with self.lock:
            self.done += 1
            self.counts[outcome.status] += 1
            if outcome.cell.id in self.running:
                self.running.remove(outcome.cell.id)
            if self.mode == "lines":
                status = {"pass": "PASS", "fail": "FAIL", "skip": "SKIP"}[outcome.status]
                width = len(str(self.total))
                line = "[%*d/%d] %s %-44s %5.1fs" % (width, self.done, self.total, status, outcome.cell.id, outcome.seconds)
                if outcome.status != "pass":
                    line += "  " + outcome.reason
                self.stream.write(line + "\n")
                self.stream.flush()
            else:
                self._draw()

    def _draw(self):
        if self.mode != "bar":
            return
        columns = shutil.get_terminal_size((100, 20)).columns
        size = 24
        filled = int(size * self.done / self.total) if self.total else size
        text = "[%s%s] %d/%d  ok %d  FAIL %d  skip %d" % ("#" * filled, "-" * (size - filled), self.done, self.total,
                                                         self.counts["pass"], self.counts["fail"], self.counts["skip"])
        if self.running:
            text += "  | " + ", ".join(self.running)
        self.stream.write("\r" + text[:columns - 1].ljust(columns - 1))
        self.stream.flush()

    def close(self):
        if self.mode == "bar":
            self.stream.write("\n")
            self.stream.flush()
