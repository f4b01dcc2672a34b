package input

import (
	"os"
	"path/filepath"
	"testing"

	"minergap/internal/officetest"
	"minergap/internal/testkit"
)

// TestReadLibreOfficeResave: a workbook opened and saved again by LibreOffice reads to the
// same universe (LibreOffice rewrites styles, shared strings and number storage, and stores
// the values of formulas that had none).
func TestReadLibreOfficeResave(t *testing.T) {
	t.Parallel() // each soffice has a profile of its own
	officetest.Soffice(t)
	in := t.TempDir()
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
	out := officetest.Convert(t, officetest.XLSX, files...)
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
			t.Errorf("%s after LibreOffice: universe differs: %s", name, testkit.Diff(want, got))
		}
	}
}
