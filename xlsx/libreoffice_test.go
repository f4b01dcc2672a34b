package xlsx

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"minergap/model"
)

// LibreOffice headless as a real client. Each conversion starts soffice with a fresh profile
// whose settings make Calc recalculate every formula on load, so what it exports is what the
// formulas compute, not the values the tool stored.

// loRecalcProfile is the profile setting: OOXMLRecalcMode 0, always recalculate on load.
const loRecalcProfile = `<?xml version="1.0" encoding="UTF-8"?><oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item></oor:items>
`

// loCSVFilter exports every sheet (token 12: -1) as UTF-8 CSV with raw values (token 9: false),
// one file per sheet named <base>-<Sheet>.csv.
const loCSVFilter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"

// loSoffice returns the soffice binary, or skips the test when there is none; with CI=true a
// missing soffice fails the test instead.
func loSoffice(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("soffice (LibreOffice) is not on PATH; CI must install it to run the real-client tests")
	}
	t.Skip("soffice (LibreOffice) is not on PATH: skipping the real-client test; install LibreOffice to run it")
	return ""
}

// loConvert converts the file src with LibreOffice, recalculating on load, to the given
// --convert-to target (loCSVFilter, "pdf", ...) in a fresh directory it returns.
func loConvert(t testing.TB, src, target string) string {
	t.Helper()
	soffice := loSoffice(t)
	dir := t.TempDir()
	profile := filepath.Join(dir, "profile")
	if err := os.MkdirAll(filepath.Join(profile, "user"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(profile, "user", "registrymodifications.xcu"), []byte(loRecalcProfile), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.ToSlash(profile), "--headless",
		"--norestore", "--convert-to", target, "--outdir", out, src)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice --convert-to %s %s: %v\n%s", target, src, err, b)
	}
	return out
}

// loSheetsCSV converts src and reads back each sheet's CSV, by sheet name.
func loSheetsCSV(t testing.TB, src string, sheets []string) map[string][][]string {
	t.Helper()
	out := loConvert(t, src, loCSVFilter)
	base := strings.TrimSuffix(filepath.Base(src), filepath.Ext(src))
	res := map[string][][]string{}
	for _, s := range sheets {
		b, err := os.ReadFile(filepath.Join(out, base+"-"+s+".csv"))
		if err != nil {
			t.Fatalf("LibreOffice wrote no CSV for sheet %s: %v", s, err)
		}
		r := csv.NewReader(bytes.NewReader(b))
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatalf("sheet %s: %v", s, err)
		}
		res[s] = rows
	}
	return res
}

// loNumber parses a number LibreOffice exported: plain, or a percent with its % sign.
func loNumber(s string) (float64, bool) {
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

// loClose is 1e-9 relative, with the same bound as an absolute floor near 0 (a check that
// recalculates to 1e-13 where the model stored an exact 0).
func loClose(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

var loErrorMarks = []string{"#REF!", "#NAME?", "#VALUE!", "#DIV/0!", "#N/A", "#NUM!", "Err:"}

func TestLibreOfficeRecalculates(t *testing.T) {
	loSoffice(t)
	sample, err := Read(filepath.Join("..", "samples", "ai-pivot-2026.xlsx"))
	if err != nil {
		t.Fatalf("read the public sample: %v", err)
	}
	for _, tc := range []struct {
		name string
		b    *Book
	}{
		{"example", wtBook(wtExample())},
		{"edges", wtEdgesBook()},
		{"sample", sample},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := wtWriteBook(t, tc.b)
			src := filepath.Join(t.TempDir(), tc.name+".xlsx")
			if err := os.WriteFile(src, data, 0o644); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			sheets := f.GetSheetList()
			got := loSheetsCSV(t, src, sheets)
			compared := 0
			for _, sheet := range sheets {
				stored, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
				if err != nil {
					t.Fatal(err)
				}
				for r, row := range got[sheet] {
					for c, text := range row {
						for _, mark := range loErrorMarks {
							if strings.Contains(text, mark) {
								t.Errorf("%s!%s: LibreOffice shows %q", sheet, outRef(c+1, r+1), text)
							}
						}
						want := ""
						if r < len(stored) && c < len(stored[r]) {
							want = stored[r][c]
						}
						if !loSame(text, want) {
							t.Errorf("%s!%s: LibreOffice recalculates %q, the workbook stores %q", sheet, outRef(c+1, r+1), text, want)
						}
						compared++
					}
				}
			}
			if compared < 100 {
				t.Fatalf("compared only %d cells: the CSV export is not what it should be", compared)
			}
			loKeyFigures(t, got[SheetScenarios], tc.b.Universe)
		})
	}
}

// loSame reports whether LibreOffice's text for a cell agrees with the stored raw value.
func loSame(text, stored string) bool {
	if text == stored {
		return true
	}
	sv, err := strconv.ParseFloat(stored, 64)
	sok := err == nil
	if tv, ok := loNumber(text); ok && sok {
		return loClose(tv, sv)
	}
	if d, err := time.Parse("2006-01-02", text); err == nil && sok {
		serial := d.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24
		return serial == sv
	}
	return false
}

// loKeyFigures holds LibreOffice's recalculated Scenarios figures to the model's decimals.
func loKeyFigures(t *testing.T, rows [][]string, u model.Universe) {
	r := model.Compute(u)
	for i, mr := range r.Miners {
		for si, fin := range mr.Financings {
			row := rows[scFirstRow+i*len(r.Scenarios)+si-1]
			for _, k := range []struct {
				col  int
				want decimal.NullDecimal
			}{
				{scGap, decimal.NewNullDecimal(fin.Gap)},
				{scEQ, decimal.NewNullDecimal(fin.Equity)},
				{scPD, decimal.NewNullDecimal(fin.ProjectDebt)},
				{scCV, decimal.NewNullDecimal(fin.Convertible)},
				{scCD, decimal.NewNullDecimal(fin.CorporateDebt)},
				{scNewShares, decimal.NewNullDecimal(fin.NewShares)},
				{scNewConvShares, decimal.NewNullDecimal(fin.NewConversionShares)},
				{scDilutionBasic, decimal.NewNullDecimal(fin.DilutionBasic)},
				{scDilutionDiluted, decimal.NewNullDecimal(fin.DilutionDiluted)},
				{scPFEBITDA, decimal.NewNullDecimal(fin.PFEBITDA)},
				{scPFNetDebt, decimal.NewNullDecimal(fin.PFNetDebt)},
				{scNetLeverage, fin.NetLeverage},
				{scPFInterest, decimal.NewNullDecimal(fin.PFInterest)},
				{scCoverage, fin.InterestCoverage},
				{scCashFlowPerShare, fin.CashFlowPerShare},
			} {
				text := row[k.col-1]
				where := u.Miners[mr.Index].Ticker + " / " + r.Scenarios[si].Name + " / " + outScenarioHeaders[k.col-1].Title
				if !k.want.Valid {
					if text != outNA {
						t.Errorf("%s: LibreOffice gives %q, the model n/a", where, text)
					}
					continue
				}
				got, ok := loNumber(text)
				if !ok || !loClose(got, k.want.Decimal.InexactFloat64()) {
					t.Errorf("%s: LibreOffice gives %q, the model %s", where, text, k.want.Decimal)
				}
			}
		}
	}
}

// TestLibreOfficePDF prints the edge-case output to PDF, as a reader without the tool would: it
// must convert, and print every sheet (a sheet that prints nothing was lost on the way).
func TestLibreOfficePDF(t *testing.T) {
	loSoffice(t)
	src := filepath.Join(t.TempDir(), "edges.xlsx")
	if err := os.WriteFile(src, wtWriteBook(t, wtEdgesBook()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := loConvert(t, src, "pdf")
	b, err := os.ReadFile(filepath.Join(out, "edges.pdf"))
	if err != nil {
		t.Fatalf("LibreOffice wrote no PDF: %v", err)
	}
	// Cover, Summary, Scenarios, three miners, Inputs, Checks, Log: at least one page each.
	if pages := bytes.Count(b, []byte("/Type /Page\n")) + bytes.Count(b, []byte("/Type/Page/")); pages < 9 {
		t.Errorf("the PDF has %d pages, want at least one per sheet (9)", pages)
	}
}
