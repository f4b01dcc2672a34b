package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"minergap/internal/fixture"
	"minergap/xlsx"
)

func writeTextBook(t *testing.T, path, spec string) {
	t.Helper()
	var buf bytes.Buffer
	if err := xlsx.TextBook(&buf, spec); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestRunJSONWorkedExample runs the command on the §3a workbook, flags after the path, and checks
// the JSON it prints field by field against the figures §3a works by hand.
func TestRunJSONWorkedExample(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "ex.xlsx")
	writeTextBook(t, in, fixture.WorkedExampleSpec)
	out := filepath.Join(dir, "reports")
	var stdout, stderr bytes.Buffer
	if code := runCLI([]string{"minergap", "run", in, "--json", "--out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	all := decodeJSON(t, stdout.Bytes())
	if len(all) != 1 {
		t.Fatalf("%d elements, want 1", len(all))
	}
	wantOut := filepath.Join(out, "ex-gaps.xlsx")
	if all[0]["file"] != in || all[0]["output"] != wantOut {
		t.Errorf("file %v, output %v; want %s, %s", all[0]["file"], all[0]["output"], in, wantOut)
	}
	if errs, _ := all[0]["errors"].([]any); errs == nil || len(errs) != 0 {
		t.Errorf("errors = %v, want []", all[0]["errors"])
	}
	checkWorkedExampleJSON(t, all[0])
	if _, err := os.Stat(wantOut); err != nil {
		t.Errorf("no output workbook: %v", err)
	}
	if !strings.HasPrefix(stderr.String(), "1 workbook: 1 ok, 0 failed; 1 miner written to "+out) {
		t.Errorf("stderr %q, want only the summary line", stderr.String())
	}
}

// TestRunReproducible: with SOURCE_DATE_EPOCH set, two runs of one input write the same workbook.
func TestRunReproducible(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1767225600") // 20454 days × 86400 s: 2026-01-01 00:00 UTC
	dir := t.TempDir()
	in := filepath.Join(dir, "ex.xlsx")
	writeTextBook(t, in, fixture.WorkedExampleSpec)
	var dumps []string
	for _, out := range []string{"a", "b"} {
		out = filepath.Join(dir, out)
		var stdout, stderr bytes.Buffer
		if code := runCLI([]string{"minergap", "run", "--out", out, in}, &stdout, &stderr); code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr.String())
		}
		f, err := os.Open(filepath.Join(out, "ex-gaps.xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		d, err := xlsx.Dump(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		dumps = append(dumps, d)
	}
	if dumps[0] != dumps[1] {
		t.Error("two runs with the same SOURCE_DATE_EPOCH wrote different workbooks")
	}
	if !strings.Contains(dumps[0], "2026-01-01") {
		t.Error("the output does not state the run time SOURCE_DATE_EPOCH gives (2026-01-01)")
	}
}
