// Package officetest runs real spreadsheet clients in tests: LibreOffice headless and Gnumeric's
// ssconvert, two formula engines independent of each other and of the tool. Each conversion
// recalculates every formula before it exports, so what it exports is what the formulas compute,
// not the values the workbook stored: soffice starts with a fresh profile (profiles must not be
// shared between processes) whose settings make Calc recalculate on load, and ssconvert runs with
// --recalc and a HOME of its own.
package officetest

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// recalcProfile is the profile setting OOXMLRecalcMode 0: always recalculate on load.
const recalcProfile = `<?xml version="1.0" encoding="UTF-8"?><oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item></oor:items>
`

// CSVFilter exports every sheet (token 12: -1) as UTF-8 CSV with raw values (token 9: false),
// one file per sheet named <base>-<Sheet>.csv. Percent cells keep their % sign.
const CSVFilter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"

// SheetCSVFilter exports sheet n alone (counted from 1) as CSVFilter does, to <base>-<Sheet>.csv.
func SheetCSVFilter(n int) string {
	return strings.TrimSuffix(CSVFilter, "-1") + strconv.Itoa(n)
}

// XLSX re-saves as Excel 2007-365 .xlsx.
const XLSX = "xlsx:Calc MS Excel 2007 XML"

// ErrorMarks are what LibreOffice shows in a cell whose formula failed.
var ErrorMarks = []string{"#REF!", "#NAME?", "#VALUE!", "#DIV/0!", "#N/A", "#NUM!", "Err:"}

// Soffice returns the soffice binary, or skips the test when there is none; with CI=true a
// missing soffice fails the test instead. LibreOffice takes seconds to start, so -short skips too.
func Soffice(t testing.TB) string {
	t.Helper()
	found := ""
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil && found == "" {
			found = p
		}
	}
	return realClient(t, found, "LibreOffice takes seconds to start: skipped in -short mode",
		"soffice (LibreOffice) is not on PATH; CI must install it (apt-get install libreoffice-calc-nogui) to run the real-client tests",
		"soffice (LibreOffice) is not on PATH: skipping the real-client test; install LibreOffice to run it")
}

// Convert converts the files srcs with LibreOffice, recalculating on load, to the --convert-to
// target (CSVFilter, XLSX, "pdf", ...), into a fresh directory it returns.
func Convert(t testing.TB, target string, srcs ...string) string {
	t.Helper()
	return convert(t, target, true, 0, srcs)
}

// ConvertStored is Convert as LibreOffice opens a workbook by default: with the values it
// stores, not recalculated, for a workbook too large to recalculate in a test; and with soffice
// held to memory bytes of address space (0: no limit), so that a workbook too large for the
// machine fails the test rather than starve the machine's other work.
func ConvertStored(t testing.TB, target string, memory int64, srcs ...string) string {
	t.Helper()
	return convert(t, target, false, memory, srcs)
}

func convert(t testing.TB, target string, recalc bool, memory int64, srcs []string) string {
	t.Helper()
	soffice := Soffice(t)
	dir := t.TempDir()
	profile := filepath.Join(dir, "profile")
	if err := os.MkdirAll(filepath.Join(profile, "user"), 0o755); err != nil {
		t.Fatal(err)
	}
	if recalc {
		if err := os.WriteFile(filepath.Join(profile, "user", "registrymodifications.xcu"), []byte(recalcProfile), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "out")
	args := append([]string{"-env:UserInstallation=file://" + filepath.ToSlash(profile), "--headless",
		"--norestore", "--convert-to", target, "--outdir", out}, srcs...)
	cmd := exec.Command(soffice, args...)
	if memory > 0 {
		prlimit, err := exec.LookPath("prlimit")
		if err != nil {
			t.Fatalf("prlimit (util-linux) is not on PATH, to hold soffice to %d bytes: %v", memory, err)
		}
		cmd = exec.Command(prlimit, append([]string{"--as=" + strconv.FormatInt(memory, 10), soffice}, args...)...)
	}
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice --convert-to %s %v: %v\n%s", target, srcs, err, b)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && memory > 0 {
		t.Logf("soffice's peak RSS: %.2f GB", float64(ru.Maxrss)/(1<<20)) // kB
	}
	return out
}

// SheetsCSV converts src and reads back each named sheet's CSV, by sheet name.
func SheetsCSV(t testing.TB, src string, sheets []string) map[string][][]string {
	t.Helper()
	out := Convert(t, CSVFilter, src)
	base := strings.TrimSuffix(filepath.Base(src), filepath.Ext(src))
	res := map[string][][]string{}
	for _, s := range sheets {
		res[s] = readCSV(t, "LibreOffice", s, filepath.Join(out, base+"-"+s+".csv"))
	}
	return res
}

// Number parses a number LibreOffice exported: plain, or a percent with its % sign.
func Number(s string) (float64, bool) {
	pct := strings.HasSuffix(s, "%")
	v, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
	if err != nil {
		return 0, false
	}
	if pct {
		v /= 100
	}
	return v, true
}

// Close is 1e-9 relative, with the same bound as an absolute floor near 0 (a figure that
// recalculates to 1e-13 where the model stored an exact 0).
func Close(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// ReadCSV reads the CSV LibreOffice exported for a sheet into dir from the workbook src
// (<base>-<Sheet>.csv), rows of any length.
func ReadCSV(t testing.TB, dir, src, sheet string) [][]string {
	t.Helper()
	base := strings.TrimSuffix(filepath.Base(src), filepath.Ext(src))
	return readCSV(t, "LibreOffice", sheet, filepath.Join(dir, base+"-"+sheet+".csv"))
}

// readCSV reads the CSV a client exported for a sheet, rows of any length.
func readCSV(t testing.TB, client, sheet, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%s wrote no CSV for sheet %s: %v", client, sheet, err)
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("sheet %s: %v", sheet, err)
	}
	return rows
}
