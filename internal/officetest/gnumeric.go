package officetest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// GnumericCSVOptions are ssconvert's options for its configurable text exporter: comma
// separated, UTF-8, and each cell's raw value (format=raw) rather than its formatted text, so
// numbers come with every digit Gnumeric holds and no % sign or thousands separator.
const GnumericCSVOptions = "separator=, format=raw eol=unix charset=UTF-8"

// Ssconvert returns Gnumeric's ssconvert binary, or skips the test when there is none; with
// CI=true a missing ssconvert fails the test instead. Like LibreOffice, it is skipped in -short
// mode: it reads and recalculates whole workbooks.
func Ssconvert(t testing.TB) string {
	t.Helper()
	found, _ := exec.LookPath("ssconvert")
	return realClient(t, found, "Gnumeric's ssconvert recalculates whole workbooks: skipped in -short mode",
		"ssconvert (Gnumeric) is not on PATH; CI must install it (apt-get install gnumeric) to run the real-client tests",
		"ssconvert (Gnumeric) is not on PATH: skipping the real-client test; install Gnumeric to run it")
}

// GnumericSheetsCSV has Gnumeric recalculate every formula of src (ssconvert --recalc) and
// export each sheet as CSV, and reads them back by sheet name. sheets must be all of the
// workbook's sheet names in workbook order: ssconvert numbers its files by sheet position, and a
// count that differs fails the test. ssconvert runs with a HOME of its own.
func GnumericSheetsCSV(t testing.TB, src string, sheets []string) map[string][][]string {
	t.Helper()
	ssconvert := Ssconvert(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(ssconvert, "--recalc", "--export-file-per-sheet",
		"--export-type=Gnumeric_stf:stf_assistant", "--export-options="+GnumericCSVOptions,
		src, filepath.Join(out, "%n.csv"))
	cmd.Env = append(os.Environ(), "HOME="+dir)
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("ssconvert --recalc %s: %v\n%s", src, err, b)
	}
	// A formula Gnumeric cannot parse is kept as its text and never calculated; ssconvert names
	// each such cell on a line of its own.
	for _, line := range strings.Split(string(b), "\n") {
		if strings.Contains(line, "Invalid expression") {
			t.Errorf("Gnumeric cannot read a formula: %s", strings.TrimSpace(line))
		}
	}
	files, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(sheets) {
		t.Fatalf("ssconvert wrote %d CSV files for %d sheets", len(files), len(sheets))
	}
	res := map[string][][]string{}
	for n, s := range sheets {
		res[s] = readCSV(t, "Gnumeric", s, filepath.Join(out, strconv.Itoa(n)+".csv"))
	}
	return res
}
