package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"html"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"minergap/internal/officetest"
	"minergap/internal/synth"
	"minergap/internal/testkit"
	"minergap/model"
	"minergap/xlsx"
	"minergap/xlsx/report"
)

// limitsEnv turns TestLimits on: MINERGAP_LIMITS=1 go test -run TestLimits -timeout 6h .
const limitsEnv = "MINERGAP_LIMITS"

// Excel's sheet: its last column and row.
const (
	excelCols = 16384
	excelRows = 1048576
)

// TestLimits builds the largest workbook the reader accepts of each shape (SPEC §4: 100,000 rows
// per input sheet, 5,000 miners, 1,000 scenarios, miners × scenarios ≤ 500,000), runs the
// command on it, holds every sheet of the output to Excel's 16,384 columns and 1,048,576 rows,
// and has LibreOffice open the output and export its Scenarios sheet, a row per miner and
// scenario. It takes the better part of an hour and up to 14 GB of memory, so it runs only with
// MINERGAP_LIMITS=1 (and a -timeout to match). The shapes run one after another, and
// LibreOffice opens each output as an analyst's does, with its stored values (recalculating
// tens of millions of formulas is beyond a test; the real-client tests of xlsx/report
// recalculate every cell of smaller outputs), held to three quarters of the memory the system
// has available: an output it cannot open within that fails the test, and leaves the machine's
// other work its memory.
func TestLimits(t *testing.T) {
	if os.Getenv(limitsEnv) != "1" {
		t.Skipf("builds and opens the largest workbooks the reader accepts, an hour's work: set %s=1 to run it (with -timeout 6h)", limitsEnv)
	}
	officetest.Soffice(t)
	for _, tc := range []struct {
		name string
		spec synth.Spec
		// the input sheet at its limit and its rows, header included
		sheet string
		rows  int
	}{
		// 813 × 123 = 99,999 projects: the Projects sheet's 100,000 rows
		{"projects", synth.Spec{Miners: 813, Projects: 123, Scenarios: 5, Seed: 1}, model.TableProjects, 100000},
		// 5,000 miners × 100 scenarios: the miners' limit and the cases' (500,000)
		{"miners", synth.Spec{Miners: 5000, Projects: 2, Scenarios: 100, Seed: 2}, model.TableMiners, 5001},
		// 1,000 scenarios × 500 miners: the scenarios' limit and the cases'
		{"scenarios", synth.Spec{Miners: 500, Projects: 2, Scenarios: 1000, Seed: 3}, model.TableScenarios, 1001},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			data, err := synth.Workbook(tc.spec)
			if err != nil {
				t.Fatal(err)
			}
			in := filepath.Join(dir, tc.name+".xlsx")
			if err := os.WriteFile(in, data, 0o644); err != nil {
				t.Fatal(err)
			}
			zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			if got := xlsx.LastRow(xlsx.Parts(zr)[tc.sheet].File); got != tc.rows {
				t.Fatalf("the input's %s sheet ends at row %d, want %d: the limit", tc.sheet, got, tc.rows)
			}

			// The built command, as a process of its own, for its run time and peak RSS.
			bin, err := exec.LookPath("minergap") // TestMain puts the command on PATH
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			out := filepath.Join(dir, "out")
			cmd := exec.Command(bin, "run", "--out", out, in)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("%v\n%s%s", err, stdout.String(), stderr.String())
			}
			wall := time.Since(start)
			output := filepath.Join(out, tc.name+"-gaps.xlsx")
			info, err := os.Stat(output)
			if err != nil {
				t.Fatal(err)
			}
			rss := float64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) / (1 << 20) // kB to GB
			t.Logf("%s: a %.1f MB input, a %.1f MB output, written in %s, peak RSS %.2f GB", tc.spec, float64(len(data))/(1<<20), float64(info.Size())/(1<<20), wall.Round(time.Second), rss)

			sheets := extents(t, output)
			miners := 0
			for _, s := range sheets {
				if s.cols > excelCols || s.rows > excelRows {
					t.Errorf("sheet %s reaches column %d and row %d, past Excel's %d and %d", s.name, s.cols, s.rows, excelCols, excelRows)
				}
				if strings.HasPrefix(s.name, "Z") { // synthetic tickers: ZAAAA, ZAAAB, ...
					miners++
				}
			}
			// A sheet each up to 1,000 miners, as many as MaxMinerSheetCells holds; the Cover says
			// why the others have none, and whether the workbook stores values (MaxLiveCells).
			cover := coverText(t, output)
			switch {
			case tc.spec.Miners > report.MaxMinerSheets && miners != 0:
				t.Errorf("%d miner sheets for %d miners, want none", miners, tc.spec.Miners)
			case tc.spec.Miners <= report.MaxMinerSheets && miners == 0:
				t.Errorf("no miner sheets for %d miners", tc.spec.Miners)
			case miners > 0 && miners < tc.spec.Miners && !strings.Contains(cover, "would take the miner sheets past"):
				t.Errorf("%d miner sheets for %d miners, and the Cover does not say why", miners, tc.spec.Miners)
			}
			t.Logf("%d miner sheets; stores values without formulas: %t", miners, strings.Contains(cover, "stored without its formula"))

			// The run's memory back to the system before LibreOffice takes its share.
			debug.FreeOSMemory()
			memory := available(t) * 3 / 4
			t.Logf("LibreOffice, held to %.1f GB, opens it", float64(memory)/(1<<30))
			start = time.Now()
			csv := officetest.ReadCSV(t, officetest.ConvertStored(t, officetest.SheetCSVFilter(3), memory, output), output, "Scenarios")
			t.Logf("LibreOffice opened it and exported Scenarios in %s", time.Since(start).Round(time.Second))
			cases := tc.spec.Miners * tc.spec.Scenarios
			if want := 3 + cases; len(csv) != want {
				t.Errorf("LibreOffice exports %d rows of Scenarios, want %d: 3 above a row per miner and scenario", len(csv), want)
			}
			if len(csv) > 3 && (len(csv[3]) < 2 || csv[3][0] != "ZAAAA" || csv[3][1] != "Case 1") {
				t.Errorf("Scenarios' first row reads %q, want the first miner and scenario", csv[3][:min(2, len(csv[3]))])
			}
		})
	}
}

// coverText is the text of the Cover's part, which holds its strings inline.
func coverText(t *testing.T, path string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	p, ok := xlsx.Parts(&zr.Reader)[report.SheetCover]
	if !ok {
		t.Fatal("no Cover")
	}
	return html.UnescapeString(string(testkit.ReadEntry(t, p.File)))
}

// available is the memory the system has available, in bytes (MemAvailable of /proc/meminfo).
func available(t *testing.T) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		t.Fatalf("how much memory LibreOffice may take: %v", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "MemAvailable:"); ok {
			var kb int64
			if _, err := fmt.Sscanf(strings.TrimSpace(rest), "%d kB", &kb); err == nil {
				return kb << 10
			}
		}
	}
	t.Fatal("/proc/meminfo gives no MemAvailable")
	return 0
}

// sheetExtent is a sheet's name and its dimension's last column and row.
type sheetExtent struct {
	name       string
	cols, rows int
}

// extents reads each sheet's dimension from the head of its part (after the worksheet's
// namespaces and properties), as the readers that trust it do; the writer holds every sheet's
// cells to it.
func extents(t *testing.T, path string) []sheetExtent {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	dimension := regexp.MustCompile(`<dimension ref="(?:[A-Z]+[0-9]+:)?([A-Z]+[0-9]+)"`)
	var out []sheetExtent
	for name, p := range xlsx.Parts(&zr.Reader) {
		rc, err := p.File.Open()
		if err != nil {
			t.Fatal(err)
		}
		head := make([]byte, 64<<10)
		n, _ := io.ReadFull(bufio.NewReader(rc), head)
		rc.Close()
		m := dimension.FindSubmatch(head[:n])
		if m == nil {
			t.Errorf("sheet %s has no dimension", name)
			continue
		}
		c, r, err := excelize.CellNameToCoordinates(string(m[1]))
		if err != nil {
			t.Errorf("sheet %s: dimension %s: %v", name, m[1], err)
		}
		out = append(out, sheetExtent{name, c, r})
	}
	if len(out) < 8 {
		t.Fatalf("%d sheets in %s", len(out), path)
	}
	return out
}
