package review

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// tool returns the path of an office program, or skips the test when it is missing; with
// CI=true a missing program fails the test. The programs take seconds to start, so -short
// skips too.
func tool(t testing.TB, name, install string) string {
	t.Helper()
	if testing.Short() {
		t.Skipf("%s takes seconds to start: skipped in -short mode", name)
	}
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not on PATH; CI must install it (%s) to run the real-client tests", name, install)
		}
		t.Skipf("%s is not on PATH: skipping the real-client test; install %s to run it", name, install)
	}
	return p
}

// soffice converts srcs with LibreOffice headless to target ("csv:...", "xlsx", "pdf") into a
// fresh folder it returns. Each run has its own profile: profiles cannot be shared between
// processes.
func soffice(t testing.TB, target string, srcs ...string) string {
	t.Helper()
	bin := tool(t, "soffice", "LibreOffice: apt-get install libreoffice-calc-nogui")
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	cmd := exec.Command(bin, append([]string{"-env:UserInstallation=file://" + filepath.ToSlash(filepath.Join(dir, "profile")),
		"--headless", "--norestore", "--convert-to", target, "--outdir", out}, srcs...)...)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice --convert-to %s %s: %v\n%s", target, srcs, err, b)
	}
	if m, _ := filepath.Glob(filepath.Join(out, "*")); len(m) == 0 {
		t.Fatalf("soffice --convert-to %s %s wrote nothing:\n%s", target, srcs, b)
	}
	return out
}

// csvAllSheets is LibreOffice's CSV export of every sheet (token 12: -1), raw values.
const csvAllSheets = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"

// gnumeric converts src to one CSV per sheet with ssconvert and returns the folder and the
// diagnostics it printed, one per line, deduplicated.
func gnumeric(t testing.TB, src string) (string, map[string]bool, error) {
	t.Helper()
	bin := tool(t, "ssconvert", "Gnumeric: apt-get install gnumeric")
	dir := t.TempDir()
	cmd := exec.Command(bin, "-S", src, filepath.Join(dir, "sheet-%n.csv"))
	cmd.Env = append(os.Environ(), "HOME="+dir)
	b, err := cmd.CombinedOutput()
	if err != nil {
		return "", nil, fmt.Errorf("ssconvert %s: %v\n%s", src, err, b)
	}
	return dir, diagnostics(b), nil
}

// diagnostics are ssconvert's messages without process ids and times, which differ per run.
func diagnostics(b []byte) map[string]bool {
	m := map[string]bool{}
	for _, l := range strings.Split(string(b), "\n") {
		l = strings.TrimSpace(l)
		if i := strings.Index(l, "**: "); i >= 0 { // "(ssconvert:337): GLib-WARNING **: 08:45:58.799: text"
			l = l[i+4:]
			if j := strings.Index(l, ": "); j >= 0 {
				l = l[j+2:]
			}
		}
		if l != "" {
			m[l] = true
		}
	}
	return m
}

// parts indexes a zip's entries by name.
func parts(t testing.TB, b []byte) map[string]*zip.File {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	m := map[string]*zip.File{}
	for _, f := range zr.File {
		m[f.Name] = f
	}
	return m
}

func rawBytes(t testing.TB, f *zip.File) []byte {
	t.Helper()
	r, err := f.OpenRaw()
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func partText(t testing.TB, b []byte, name string) string {
	t.Helper()
	f, ok := parts(t, b)[name]
	if !ok {
		t.Fatalf("no part %s", name)
	}
	r, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	c, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(c)
}

// diffParts compares a copy with its input: the input parts whose stored bytes, CRC or method
// changed, and the parts the copy adds. Every unchanged part must be byte-identical.
func diffParts(t testing.TB, in, out []byte) (changed, added []string) {
	t.Helper()
	pi, po := parts(t, in), parts(t, out)
	for name, f := range pi {
		g, ok := po[name]
		if !ok {
			t.Errorf("part %s is missing from the copy", name)
			continue
		}
		if f.CRC32 != g.CRC32 || f.Method != g.Method || f.CompressedSize64 != g.CompressedSize64 ||
			!bytes.Equal(rawBytes(t, f), rawBytes(t, g)) {
			changed = append(changed, name)
		}
	}
	for name := range po {
		if _, ok := pi[name]; !ok {
			added = append(added, name)
		}
	}
	sort.Strings(changed)
	sort.Strings(added)
	return changed, added
}

// mustChange is the set of input parts a review copy may change: the workbook, its
// relationships, styles and content types, and for each problem sheet its XML, relationships,
// comments and VML drawing, as named by the input.
func mustChange(t testing.TB, in []byte, sheets []string) map[string]bool {
	t.Helper()
	p, err := openPkg(in)
	if err != nil {
		t.Fatal(err)
	}
	wb, err := readWorkbook(p)
	if err != nil {
		t.Fatal(err)
	}
	ok := map[string]bool{"[Content_Types].xml": true, wb.part: true, relsPath(wb.part): true}
	if rl, found := wb.rels.byType("styles"); found {
		ok[rl.part] = true
	}
	for _, name := range sheets {
		i, found := wb.find(name)
		if !found {
			continue
		}
		part := wb.sheets[i].part
		ok[part], ok[relsPath(part)] = true, true
		rels, err := p.rels(part)
		if err != nil {
			t.Fatal(err)
		}
		for _, rl := range rels.rels {
			if strings.HasSuffix(rl.typ, "/comments") || strings.HasSuffix(rl.typ, "/vmlDrawing") {
				ok[rl.part] = true
			}
		}
	}
	// part names in a zip may differ in case or separators from the names relationships give
	byZip := map[string]bool{}
	for name := range parts(t, in) {
		if ok[partKey(name)] || ok[name] {
			byZip[name] = true
		}
	}
	for name := range ok {
		for zname := range parts(t, in) {
			if partKey(zname) == partKey(name) {
				byZip[zname] = true
			}
		}
	}
	return byZip
}

// checkCopied fails unless every part outside the must-change set is byte-identical.
func checkCopied(t testing.TB, in, out []byte, problems []Problem) (changed, added []string) {
	t.Helper()
	var sheets []string
	for _, p := range problems {
		if p.Row > 0 && p.Col > 0 {
			sheets = append(sheets, p.Sheet)
		}
	}
	allowed := mustChange(t, in, sheets)
	changed, added = diffParts(t, in, out)
	for _, name := range changed {
		if !allowed[name] {
			t.Errorf("part %s changed; only %v may", name, keys(allowed))
		}
	}
	return changed, added
}

func keys(m map[string]bool) []string {
	var k []string
	for s := range m {
		k = append(k, s)
	}
	sort.Strings(k)
	return k
}

func writeCopy(t testing.TB, in []byte, problems []Problem) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(in, &b, problems); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return b.Bytes()
}

func openBook(t testing.TB, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("excelize cannot open the copy: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// noteTexts reads every note of a sheet through excelize: cell → text.
func noteTexts(t testing.TB, f *excelize.File, sheet string) map[string]string {
	t.Helper()
	cs, err := f.GetComments(sheet)
	if err != nil {
		t.Fatalf("GetComments(%s): %v", sheet, err)
	}
	m := map[string]string{}
	for _, c := range cs {
		text := c.Text
		for _, r := range c.Paragraph {
			text += r.Text
		}
		m[c.Cell] = text
	}
	return m
}

// expectedNotes is what each problem cell's note must contain: its lines, per sheet and cell.
func expectedNotes(problems []Problem) map[string]map[string][]string {
	m := map[string]map[string][]string{}
	for _, p := range problems {
		if p.Row == 0 || p.Col == 0 {
			continue
		}
		if m[p.Sheet] == nil {
			m[p.Sheet] = map[string][]string{}
		}
		level := "error: "
		if p.Warning {
			level = "warning: "
		}
		ref := cellRef(p.Row, p.Col)
		m[p.Sheet][ref] = append(m[p.Sheet][ref], level+p.Message)
	}
	return m
}

// checkNotes fails unless every problem cell's note holds each of its messages.
func checkNotes(t testing.TB, got map[string]map[string]string, problems []Problem) {
	t.Helper()
	for sheet, cells := range expectedNotes(problems) {
		for ref, lines := range cells {
			text, ok := got[sheet][ref]
			if !ok {
				t.Errorf("%s!%s has no note", sheet, ref)
				continue
			}
			for _, l := range lines {
				if !strings.Contains(text, l) {
					t.Errorf("%s!%s note %q lacks %q", sheet, ref, text, l)
				}
			}
		}
	}
}

// values reads every cell's raw value of each sheet, trailing blanks trimmed, so a copy with
// inserted empty cells compares equal to its input.
func values(t testing.TB, f *excelize.File, sheets []string) map[string][][]string {
	t.Helper()
	m := map[string][][]string{}
	for _, s := range sheets {
		rows, err := f.GetRows(s, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatalf("GetRows(%s): %v", s, err)
		}
		for i, r := range rows {
			for len(r) > 0 && r[len(r)-1] == "" {
				r = r[:len(r)-1]
			}
			rows[i] = r
		}
		for len(rows) > 0 && len(rows[len(rows)-1]) == 0 {
			rows = rows[:len(rows)-1]
		}
		m[s] = rows
	}
	return m
}

func fmtRows(rows [][]string) string { return fmt.Sprintf("%q", rows) }

// rezip rewrites a zip with some parts replaced (or removed, for a nil content).
func rezip(t testing.TB, in []byte, change map[string]*string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(in), int64(len(in)))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range zr.File {
		c, ok := change[f.Name]
		if ok && c == nil {
			continue
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			_, err = w.Write([]byte(*c))
		} else {
			var r io.ReadCloser
			if r, err = f.Open(); err == nil {
				_, err = io.Copy(w, r)
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// fillRGB is the solid fill colour of cell format id, read from the styles part.
func fillRGB(t testing.TB, book []byte, id int) string {
	t.Helper()
	p, err := openPkg(book)
	if err != nil {
		t.Fatal(err)
	}
	wb, err := readWorkbook(p)
	if err != nil {
		t.Fatal(err)
	}
	rl, _ := wb.rels.byType("styles")
	b, err := p.read(rl.part)
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Fills []struct {
			Pattern struct {
				Type string `xml:"patternType,attr"`
				Fg   struct {
					RGB string `xml:"rgb,attr"`
				} `xml:"fgColor"`
			} `xml:"patternFill"`
		} `xml:"fills>fill"`
		Xfs []struct {
			FillID int `xml:"fillId,attr"`
		} `xml:"cellXfs>xf"`
	}
	if err := xml.Unmarshal(b, &st); err != nil {
		t.Fatalf("styles part: %v", err)
	}
	if id >= len(st.Xfs) || st.Xfs[id].FillID >= len(st.Fills) {
		t.Fatalf("cell format %d or its fill is not in the styles part", id)
	}
	f := st.Fills[st.Xfs[id].FillID].Pattern
	if f.Type != "solid" {
		return f.Type
	}
	return f.Fg.RGB
}

// addParts rewrites a zip with parts replaced or added.
func addParts(t testing.TB, in []byte, files map[string]string) []byte {
	t.Helper()
	change := map[string]*string{}
	for n, c := range files {
		c := c
		change[n] = &c
	}
	b := rezip(t, in, change)
	have := parts(t, b)
	extra := map[string]string{}
	for n, c := range files {
		if _, ok := have[n]; !ok {
			extra[n] = c
		}
	}
	if len(extra) == 0 {
		return b
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		fh := f.FileHeader
		w, err := zw.CreateRaw(&fh)
		if err != nil {
			t.Fatal(err)
		}
		r, err := f.OpenRaw()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(w, r); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range sortStrings(keysOf(extra)) {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(extra[n])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func newZip(w io.Writer) *zip.Writer { return zip.NewWriter(w) }

func sortStrings(s []string) []string { sort.Strings(s); return s }

func keysOf(m map[string]string) []string {
	var k []string
	for s := range m {
		k = append(k, s)
	}
	return k
}
