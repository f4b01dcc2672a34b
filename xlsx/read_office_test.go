package xlsx

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// soffice returns the LibreOffice binary, skipping the test without it (failing when CI=true).
func readSoffice(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("LibreOffice (soffice) is not installed; CI needs it to check that a LibreOffice re-save reads the same")
	}
	t.Skip("LibreOffice (soffice) is not installed; skipping the re-save check")
	return ""
}

// TestReadLibreOfficeResave: a workbook opened and saved again by LibreOffice reads to the
// same universe (LibreOffice rewrites styles, shared strings and number storage, and stores
// the values of formulas that had none).
func TestReadLibreOfficeResave(t *testing.T) {
	soffice := readSoffice(t)
	if testing.Short() {
		t.Skip("LibreOffice takes seconds to start; skipped in -short mode")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	out := filepath.Join(dir, "out")
	profile := filepath.Join(dir, "profile")
	for _, d := range []string{in, out} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	specs := map[string]string{"example.xlsx": exampleSpec}
	for _, tt := range forgivingSpecs {
		if tt.name == "formulas, numbers as text, units, dashes" {
			specs["formulas.xlsx"] = tt.spec
		}
	}
	var files []string
	for name, spec := range specs {
		path := filepath.Join(in, name)
		if err := os.WriteFile(path, bookBytes(t, spec), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, path)
	}
	args := append([]string{"-env:UserInstallation=file://" + profile, "--headless", "--norestore",
		"--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out}, files...)
	cmd := exec.Command(soffice, args...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	want := universeText(exampleUniverse())
	for name := range specs {
		b, err := Read(filepath.Join(out, name))
		if err != nil {
			t.Errorf("%s after LibreOffice: %v", name, err)
			continue
		}
		u := b.Universe
		if name == "formulas.xlsx" {
			u.Projects[1].Prepayment = u.Projects[1].Prepayment.Abs() // (0) reads as -0
		}
		if got := universeText(u); got != want {
			t.Errorf("%s after LibreOffice: universe differs: %s", name, diffText(got, want))
		}
	}
}
