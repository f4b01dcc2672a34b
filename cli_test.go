package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"minergap/model"
	"minergap/xlsx"
	"minergap/xlsx/input"
	"minergap/xlsx/report"
)

func TestReorderArgs(t *testing.T) {
	app := newApp(io.Discard, io.Discard, steps{})
	tests := []struct {
		in, want string
	}{
		{"minergap run a.xlsx", "minergap run -- a.xlsx"},
		{"minergap run --out x a.xlsx", "minergap run --out x -- a.xlsx"},
		{"minergap run a.xlsx --out x", "minergap run --out x -- a.xlsx"},
		{"minergap run a.xlsx --out=x b", "minergap run --out=x -- a.xlsx b"},
		{"minergap run a.xlsx -o x --json b -j 3", "minergap run -o x --json -j 3 -- a.xlsx b"},
		{"minergap run a.xlsx --json --jobs=2", "minergap run --json --jobs=2 -- a.xlsx"},
		{"minergap run a --bogus b", "minergap run --bogus -- a b"}, // unknown flags move, so the parser reports them
		{"minergap run a -- --json", "minergap run -- a --json"},    // after --, everything is a path
		{"minergap run a --out", "minergap run --out -- a"},         // a missing value is the parser's to report
		{"minergap template x.xlsx --example -f", "minergap template --example -f -- x.xlsx"},
		{"minergap --help", "minergap --help"},
		{"minergap frob a --out x", "minergap frob a --out x"}, // not a command: left alone
		{"minergap run", "minergap run"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := strings.Join(reorderArgs(app, strings.Fields(tt.in)), " ")
			if got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestExitCode(t *testing.T) {
	tests := []struct {
		err    error
		code   int
		stderr string
	}{
		{nil, 0, ""},
		{errReported, 1, ""},
		{fmt.Errorf("wrapped: %w", errReported), 1, ""},
		{usagef("run", "--jobs -1 is negative"), 2, "minergap run: --jobs -1 is negative\nrun 'minergap run --help' for usage\n"},
		{usagef("", "unknown command"), 2, "minergap: unknown command\nrun 'minergap --help' for usage\n"},
		{errors.New("out: permission denied"), 1, "minergap: out: permission denied\n"},
		{errInterrupted, 130, ""},
		{fmt.Errorf("run: %w", errInterrupted), 130, ""},
	}
	for _, tt := range tests {
		var stderr bytes.Buffer
		if got := exitCode(tt.err, &stderr); got != tt.code {
			t.Errorf("exitCode(%v) = %d, want %d", tt.err, got, tt.code)
		}
		if stderr.String() != tt.stderr {
			t.Errorf("exitCode(%v) printed %q, want %q", tt.err, stderr.String(), tt.stderr)
		}
	}
}

func TestRunTime(t *testing.T) {
	env := func(v string) func(string) string { return func(string) string { return v } }
	got, err := runTime(env("1782777600"))
	if err != nil {
		t.Fatal(err)
	}
	// 1782777600 s = 20634 × 86400 s, whole days; 1970–2025 hold 56 × 365 + 14 leap days = 20454,
	// so the day is 2026-01-01 + 180 days = 2026-06-30 (Jan–May 151 days, then 29 more), at midnight
	if want := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("runTime = %v, want %v", got, want)
	}
	if _, err := runTime(env("yesterday")); err == nil || !strings.Contains(err.Error(), "SOURCE_DATE_EPOCH") {
		t.Errorf("runTime(yesterday) error = %v, want one naming SOURCE_DATE_EPOCH", err)
	}
}

// touch creates the named files (and their folders) under dir.
func touch(t *testing.T, dir string, names ...string) {
	t.Helper()
	for _, n := range names {
		p := filepath.Join(dir, n)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(n), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCollectInputs(t *testing.T) {
	dir := t.TempDir()
	touch(t, dir, "books/b.xlsx", "books/a.XLSX", "books/c.xlsm", "books/~$a.xlsx", "books/a-gaps.xlsx",
		"books/old.xls", "books/notes.txt", "books/._b.xlsx", "books/sub/d.xlsx", "other/b.xlsx", "empty/readme.txt", "one.xlsx")
	at := func(p string) string { return filepath.Join(dir, p) }

	tests := []struct {
		name  string
		paths []string
		want  []string // path, or path=error for a failed input
		usage string   // a usage error's text
	}{
		{"folder: workbooks by name, no lock files, hidden files, outputs, other types or subfolders",
			[]string{at("books")}, []string{at("books/a.XLSX"), at("books/b.xlsx"), at("books/c.xlsm")}, ""},
		{"the same file twice is kept once",
			[]string{at("one.xlsx"), at("one.xlsx"), dir + "/./one.xlsx"}, []string{at("one.xlsx")}, ""},
		{"a folder and a file in it",
			[]string{at("books"), at("books/b.xlsx")}, []string{at("books/a.XLSX"), at("books/b.xlsx"), at("books/c.xlsm")}, ""},
		{"a file named explicitly is read whatever its name",
			[]string{at("books/~$a.xlsx")}, []string{at("books/~$a.xlsx")}, ""},
		{"missing path and empty folder fail, the rest stays",
			[]string{at("nope.xlsx"), at("empty"), at("one.xlsx")},
			[]string{at("nope.xlsx") + "=no such file or folder; check the path",
				at("empty") + "=no workbooks in this folder (.xlsx or .xlsm; lock files ~$* and *-gaps.xlsx outputs are skipped)",
				at("one.xlsx")}, ""},
		{"same base name in two folders",
			[]string{at("books"), at("other/b.xlsx")}, nil,
			at("books/b.xlsx") + " and " + at("other/b.xlsx") + " would both write b-gaps.xlsx; run them separately or rename one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ins, err := collectInputs("run", tt.paths, true)
			if tt.usage != "" {
				var u *usageError
				if !errors.As(err, &u) || err.Error() != tt.usage {
					t.Fatalf("error = %v, want usage error %q", err, tt.usage)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, in := range ins {
				s := in.path
				if in.err != nil {
					s += "=" + in.err.Error()
				}
				got = append(got, s)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
	// validate writes nothing, so two workbooks of one name are fine there
	ins, err := collectInputs("validate", []string{at("books"), at("other/b.xlsx")}, false)
	if err != nil || len(ins) != 4 {
		t.Errorf("validate: %d inputs, error %v; want 4 and none", len(ins), err)
	}
}

// fakeSteps reads any file whose content starts with "ok" as a one-miner universe, panics on
// "panic", fails on anything else, and writes "output of <file>".
func fakeSteps(writeErr error) steps {
	return steps{
		read: func(path string, _ input.Options) (*input.Book, error) {
			data, err := os.ReadFile(path)
			if err != nil {
				return nil, err
			}
			base := filepath.Base(path)
			switch {
			case bytes.HasPrefix(data, []byte("ok")):
				return &input.Book{Path: path, File: base, Universe: model.Universe{Miners: []model.Miner{{Ticker: "EX"}}}}, nil
			case bytes.HasPrefix(data, []byte("panic")):
				var m map[string]int
				m["boom"]++ // a nil map write, as a real bug would
			}
			return nil, xlsx.ErrorList{
				{Pos: xlsx.Pos{File: base, Sheet: "Miners", Row: 2, Col: 3}, Err: errors.New("share price is text; enter a number")},
				{Pos: xlsx.Pos{File: base, Sheet: "Cash Flow", Row: 10, Col: 2}, Err: errors.New("second problem")},
			}
		},
		compute: func(u model.Universe, _ model.Each) model.Result {
			return model.Result{Miners: make([]model.MinerResult, len(u.Miners)), Scenarios: make([]model.Scenario, 5)}
		},
		write: func(w io.Writer, b *input.Book, _ model.Result, _ report.Options) error {
			if writeErr != nil {
				return writeErr
			}
			if strings.HasPrefix(b.File, "panic-") {
				io.WriteString(w, "half a workbook")
				panic("writer bug")
			}
			_, err := io.WriteString(w, "output of "+b.File)
			return err
		},
	}
}

func runFake(t *testing.T, st steps, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = runSteps(context.Background(), st, append([]string{"minergap"}, args...), &o, &e)
	return code, o.String(), e.String()
}

func TestBatchKeepsGoing(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	out := filepath.Join(dir, "out")
	for name, content := range map[string]string{"a.xlsx": "ok", "b.xlsx": "panic", "c.xlsx": "bad", "d.xlsx": "ok", "panic-e.xlsx": "ok"} {
		if err := os.MkdirAll(in, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(in, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, stdout, stderr := runFake(t, fakeSteps(nil), "run", in, "--jobs", "2", "--out", out)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	wantOut := fmt.Sprintf("wrote %s (1 miner, 5 scenarios)\nwrote %s (1 miner, 5 scenarios)\n",
		filepath.Join(out, "a-gaps.xlsx"), filepath.Join(out, "d-gaps.xlsx"))
	if stdout != wantOut {
		t.Errorf("stdout\n%s\nwant\n%s", stdout, wantOut)
	}
	// every problem on its own line, in job order; each panic is its own workbook's error only
	wantErr := []string{
		filepath.Join(in, "b.xlsx") + ": internal error: assignment to entry in nil map; nothing was written for this workbook, please report it with the workbook",
		filepath.Join(in, "c.xlsx") + ":Miners!C2: share price is text; enter a number",
		filepath.Join(in, "c.xlsx") + ":'Cash Flow'!B10: second problem",
		filepath.Join(in, "panic-e.xlsx") + ": internal error: writer bug; nothing was written for this workbook, please report it with the workbook",
		fmt.Sprintf("5 workbooks: 2 ok, 3 failed; 2 miners written to %s", out),
	}
	if got := strings.Split(strings.TrimSpace(stderr), "\n"); strings.Join(got, "\n") != strings.Join(wantErr, "\n") {
		t.Errorf("stderr\n%s\nwant\n%s", stderr, strings.Join(wantErr, "\n"))
	}
	entries, _ := os.ReadDir(out)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, " "); got != "a-gaps.xlsx d-gaps.xlsx" {
		t.Errorf("output folder holds %q, want only a-gaps.xlsx d-gaps.xlsx (no temporary files)", got)
	}
}

func TestFailedWriteKeepsOlderOutput(t *testing.T) {
	dir := t.TempDir()
	touch(t, dir, "a.xlsx")
	os.WriteFile(filepath.Join(dir, "a.xlsx"), []byte("ok"), 0o644)
	old := filepath.Join(dir, "out", "a-gaps.xlsx")
	touch(t, dir, "out/a-gaps.xlsx")
	code, _, stderr := runFake(t, fakeSteps(errors.New("disk full")), "run", "--out", filepath.Join(dir, "out"), filepath.Join(dir, "a.xlsx"))
	if code != 1 || !strings.Contains(stderr, "disk full") {
		t.Errorf("exit %d, stderr %q; want 1 and the write error", code, stderr)
	}
	if data, _ := os.ReadFile(old); string(data) != "out/a-gaps.xlsx" {
		t.Errorf("older output now holds %q; it must be left as it was", data)
	}
	if entries, _ := os.ReadDir(filepath.Dir(old)); len(entries) != 1 {
		t.Errorf("output folder holds %d files, want 1 (no temporary file left)", len(entries))
	}
}

func TestNeverOverwritesInput(t *testing.T) {
	dir := t.TempDir()
	// a.xlsx's output would be dir/a-gaps.xlsx, which is itself an input
	for _, n := range []string{"a.xlsx", "a-gaps.xlsx"} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("ok"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, _, stderr := runFake(t, fakeSteps(nil), "run", "--out", dir, filepath.Join(dir, "a.xlsx"), filepath.Join(dir, "a-gaps.xlsx"))
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	want := fmt.Sprintf("%s: its output %s would overwrite the input %s; give another --out folder",
		filepath.Join(dir, "a.xlsx"), filepath.Join(dir, "a-gaps.xlsx"), filepath.Join(dir, "a-gaps.xlsx"))
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr %q\nwant it to hold %q", stderr, want)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "a-gaps.xlsx")); string(data) != "ok" {
		t.Errorf("input overwritten: it holds %q", data)
	}
	// the other input's own output was written
	if data, _ := os.ReadFile(filepath.Join(dir, "a-gaps-gaps.xlsx")); string(data) != "output of a-gaps.xlsx" {
		t.Errorf("a-gaps-gaps.xlsx holds %q", data)
	}
}

func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	touch(t, dir, "x/a.xlsx", "y/a.xlsx")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"run"}, "minergap run: give at least one workbook or folder"},
		{[]string{"run", "a.xlsx", "--jobs", "-2"}, "minergap run: --jobs -2 is negative"},
		{[]string{"run", "a.xlsx", "--jobs", "many"}, "minergap run: --jobs many is not a whole number; give a number of workbooks to process at a time, such as 4, or 0 for one per CPU"},
		{[]string{"run", "a.xlsx", "--frob"}, "minergap run: flag provided but not defined: -frob"},
		{[]string{"run", filepath.Join(dir, "x"), filepath.Join(dir, "y")}, "would both write a-gaps.xlsx"},
		{[]string{"frob"}, `minergap: unknown command "frob"`},
		{[]string{"template"}, "minergap template: give one file to write"},
		{[]string{"template", "a.ods"}, "minergap template: a.ods does not end in .xlsx"},
		{[]string{"validate"}, "minergap validate: give at least one workbook or folder"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := runFake(t, fakeSteps(nil), tt.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
			if !strings.Contains(stderr, tt.want) || !strings.Contains(stderr, "--help' for usage") {
				t.Errorf("stderr %q\nwant it to hold %q and a pointer to --help", stderr, tt.want)
			}
		})
	}
}

// TestWorkersRunTogether checks that --jobs N runs N workbooks at once, and never more: the first
// three reads wait for each other, which only three workers side by side can get past.
func TestWorkersRunTogether(t *testing.T) {
	const jobs = 3
	dir := t.TempDir()
	var paths []string
	for i := range 2 * jobs {
		p := filepath.Join(dir, fmt.Sprintf("b%d.xlsx", i))
		if err := os.WriteFile(p, []byte("ok"), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	var (
		mu                       sync.Mutex
		cond                     = sync.NewCond(&mu)
		arrived, active, busiest int
		stuck                    bool
	)
	// a guard against a deadlock, should the pool run fewer workers than asked; not a timing claim
	guard := time.AfterFunc(time.Minute, func() {
		mu.Lock()
		stuck = true
		cond.Broadcast()
		mu.Unlock()
	})
	defer guard.Stop()
	st := fakeSteps(nil)
	read := st.read
	st.read = func(path string, o input.Options) (*input.Book, error) {
		mu.Lock()
		arrived++
		active++
		busiest = max(busiest, active)
		if arrived <= jobs {
			for arrived < jobs && !stuck {
				cond.Wait()
			}
			cond.Broadcast()
		}
		mu.Unlock()
		defer func() {
			mu.Lock()
			active--
			mu.Unlock()
		}()
		return read(path, o)
	}
	args := append([]string{"run", "--jobs", strconv.Itoa(jobs), "--out", filepath.Join(dir, "out")}, paths...)
	if code, _, stderr := runFake(t, st, args...); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if stuck {
		t.Fatalf("the first %d reads never ran side by side", jobs)
	}
	if busiest != jobs {
		t.Errorf("at most %d reads ran at once, want %d", busiest, jobs)
	}
}
