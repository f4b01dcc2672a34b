package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"minergap/internal/synth"
	"minergap/model"
	"minergap/xlsx/input"
	"minergap/xlsx/report"
)

// TestInterruptAbandons stops a run while its second workbook is being written, by ending the
// context as a signal does: the first workbook's output stays, the second's temporary output is
// removed and its older output kept, the third is never started, the run's temporary folder is
// gone, and the summary says so with exit 130.
func TestInterruptAbandons(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	var paths []string
	for _, n := range []string{"a", "b", "c"} {
		p := filepath.Join(dir, n+".xlsx")
		if err := os.WriteFile(p, []byte("ok"), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	older := filepath.Join(out, "b-gaps.xlsx")
	if err := os.WriteFile(older, []byte("older"), 0o644); err != nil {
		t.Fatal(err)
	}

	writing, release := make(chan report.Options), make(chan struct{})
	t.Cleanup(func() { close(release) }) // lets the abandoned write end; it can no longer make files
	st := fakeSteps(nil)
	write := st.write
	var started []string
	st.write = func(w io.Writer, b *input.Book, r model.Result, o report.Options) error {
		started = append(started, b.File) // one worker (--jobs 1)
		if b.File == "b.xlsx" {
			io.WriteString(w, "half a workbook")
			writing <- o
			<-release
		}
		return write(w, b, r, o)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	type result struct {
		code           int
		stdout, stderr string
	}
	done := make(chan result)
	go func() {
		var o, e bytes.Buffer
		code := runSteps(ctx, st, append([]string{"minergap", "run", "--jobs", "1", "--out", out}, paths...), &o, &e)
		done <- result{code, o.String(), e.String()}
	}()
	o := <-writing
	// While b is written: its temporary output beside the final name, the run's own folder.
	if m, _ := filepath.Glob(filepath.Join(out, ".b-gaps.xlsx.*.tmp")); len(m) != 1 {
		t.Errorf("temporary outputs while writing: %v, want one", m)
	}
	if filepath.Dir(o.TempDir) != filepath.Clean(tmp) || !strings.HasPrefix(filepath.Base(o.TempDir), "minergap-") {
		t.Errorf("the writer's temporary folder is %q, want a minergap-* folder of its own in %s", o.TempDir, tmp)
	}
	if info, err := os.Stat(o.TempDir); err != nil || !info.IsDir() {
		t.Errorf("the run's temporary folder is missing while the run goes on: %v", err)
	}
	cancel()
	res := <-done

	if res.code != exitInterrupted {
		t.Errorf("exit %d, want %d", res.code, exitInterrupted)
	}
	if want := "wrote " + filepath.Join(out, "a-gaps.xlsx") + " (1 miner, 5 scenarios)\n"; res.stdout != want {
		t.Errorf("stdout %q, want %q", res.stdout, want)
	}
	if want := fmt.Sprintf("interrupted: 1 of 3 workbooks done (1 ok, 0 failed); 1 miner written to %s\n", out); res.stderr != want {
		t.Errorf("stderr %q, want %q", res.stderr, want)
	}
	if got := strings.Join(started, " "); got != "a.xlsx b.xlsx" {
		t.Errorf("workbooks started: %s, want a.xlsx b.xlsx (none after the interrupt)", got)
	}
	if got := dirNames(t, out); got != "a-gaps.xlsx b-gaps.xlsx" {
		t.Errorf("output folder holds %q, want a-gaps.xlsx b-gaps.xlsx (no temporary file)", got)
	}
	if data, _ := os.ReadFile(older); string(data) != "older" {
		t.Errorf("older output now holds %q; it must be left as it was", data)
	}
	if got := dirNames(t, tmp); got != "" {
		t.Errorf("temporary folder holds %q, want nothing", got)
	}
}

// TestInterruptSignal runs the real command, sends it SIGINT or SIGTERM once it has started
// writing (or excelize has started spilling a large sheet to disk), and checks SPEC §5: exit 130,
// the summary line, no temporary file left in the output folder or in TMPDIR, and every output
// either a complete new workbook or the older one as it was.
func TestInterruptSignal(t *testing.T) {
	if testing.Short() {
		t.Skip("signals a running binary mid-batch: seconds: skipped in -short mode")
	}
	bin, err := exec.LookPath("minergap") // TestMain puts the command on PATH
	if err != nil {
		t.Fatal(err)
	}
	sample, err := os.ReadFile(filepath.Join("samples", "ai-pivot-2026.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		sig   syscall.Signal
		books int  // copies of the sample; 0: one synthetic workbook with a sheet above 16 MB
		spill bool // signal once excelize spills to disk, not once an output is being written
	}{
		{"SIGINT while writing", syscall.SIGINT, 40, false},
		{"SIGTERM while writing", syscall.SIGTERM, 40, false},
		{"SIGINT while excelize spills", syscall.SIGINT, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, tmp := t.TempDir(), t.TempDir()
			in, out := filepath.Join(dir, "in"), filepath.Join(dir, "out")
			for _, d := range []string{in, out} {
				if err := os.Mkdir(d, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			books := map[string][]byte{}
			if tt.books == 0 {
				// 32,000 projects: a Projects sheet of some 18 MB, which excelize spills to disk
				data, err := synth.Workbook(synth.Spec{Miners: 1000, Projects: 32, Scenarios: 3, Seed: 1})
				if err != nil {
					t.Fatal(err)
				}
				books["big"] = data
			}
			for i := range tt.books {
				books[fmt.Sprintf("book%02d", i+1)] = sample
			}
			// Every input has an older output, a workbook excelize opens (the sample itself), which
			// must be either left as it was or replaced by a complete new output.
			for name, data := range books {
				if err := os.WriteFile(filepath.Join(in, name+".xlsx"), data, 0o644); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(out, name+"-gaps.xlsx"), sample, 0o644); err != nil {
					t.Fatal(err)
				}
			}

			cmd := exec.Command(bin, "run", "--jobs", "1", "--out", out, in)
			cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill() // should the test fail before it ends
			started := func() bool {
				m, _ := filepath.Glob(filepath.Join(out, ".*.tmp"))
				return len(m) > 0
			}
			if tt.spill {
				started = func() bool {
					m, _ := filepath.Glob(filepath.Join(tmp, "*", "excelize-*"))
					top, _ := filepath.Glob(filepath.Join(tmp, "excelize-*"))
					return len(m)+len(top) > 0
				}
			}
			// a bound against a hang, not a timing claim: the run takes seconds
			for deadline := time.Now().Add(2 * time.Minute); !started(); time.Sleep(2 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatalf("the run did not start writing\nstderr: %s", stderr.String())
				}
			}
			if m, _ := filepath.Glob(filepath.Join(tmp, "excelize-*")); len(m) > 0 {
				t.Errorf("excelize's temporary files %v are in TMPDIR itself, not in the run's folder", m)
			}
			if err := cmd.Process.Signal(tt.sig); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != exitInterrupted {
				t.Fatalf("%v, want exit status %d\nstderr: %s", err, exitInterrupted, stderr.String())
			}

			summary := regexp.MustCompile(`^interrupted: (\d+) of (\d+) workbooks? done \((\d+) ok, 0 failed\); \d+ miners? written to ` + regexp.QuoteMeta(out) + "\n$")
			m := summary.FindStringSubmatch(stderr.String())
			if m == nil {
				t.Fatalf("stderr %q, want only the summary line of an interrupted run", stderr.String())
			}
			doneN, _ := strconv.Atoi(m[1])
			if total, _ := strconv.Atoi(m[2]); total != len(books) || doneN >= total || m[3] != m[1] {
				t.Errorf("summary %q: want fewer than all %d workbooks done, each ok", strings.TrimSpace(m[0]), len(books))
			}
			if got := strings.Count(stdout.String(), "wrote "); got != doneN {
				t.Errorf("stdout names %d outputs written, the summary %d", got, doneN)
			}
			if got := dirNames(t, tmp); got != "" {
				t.Errorf("TMPDIR holds %q after the run, want nothing", got)
			}
			var names []string
			for name := range books {
				names = append(names, name+"-gaps.xlsx")
			}
			entries, err := os.ReadDir(out)
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != len(names) {
				t.Errorf("output folder holds %q, want only the %d outputs (no temporary file)", dirNames(t, out), len(names))
			}
			replaced := 0
			for _, e := range entries {
				p := filepath.Join(out, e.Name())
				data, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				if bytes.Equal(data, sample) {
					continue // the older output, as it was
				}
				replaced++
				f, err := excelize.OpenReader(bytes.NewReader(data))
				if err != nil {
					t.Errorf("%s is not a complete workbook: %v", e.Name(), err)
					continue
				}
				if sheets := f.GetSheetList(); len(sheets) == 0 || sheets[0] != report.SheetCover || sheets[len(sheets)-1] != report.SheetLog {
					t.Errorf("%s has sheets %v, want Cover first and Log last", e.Name(), sheets)
				}
				f.Close()
			}
			if replaced != doneN {
				t.Errorf("%d outputs replaced, the summary says %d done", replaced, doneN)
			}
		})
	}
}

// dirNames lists a folder's entries, space-separated, sorted.
func dirNames(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return strings.Join(names, " ")
}

// TestWriteTempDir: the writer puts its temporary main workbook in the folder the run gives it,
// so a folder that does not exist fails the write, naming it.
func TestWriteTempDir(t *testing.T) {
	book, err := input.Read(filepath.Join("samples", "ai-pivot-2026.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "missing")
	err = report.Write(io.Discard, book, model.Run(book.Universe), report.Options{TempDir: missing})
	if err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("write with TempDir %s: error %v, want one naming the folder", missing, err)
	}
}
