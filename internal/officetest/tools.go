package officetest

import (
	"os"
	"os/exec"
	"testing"
)

// SystemPython is the Debian python3 that has python3-openpyxl; a python on PATH (pyenv, a
// virtualenv) may not have it.
const SystemPython = "/usr/bin/python3"

// Openpyxl returns a python3 that can import openpyxl, or skips the test when there is none;
// with CI=true a missing one fails the test instead. Like the other real clients, it is skipped
// in -short mode.
func Openpyxl(t testing.TB) string {
	t.Helper()
	if _, err := os.Stat(SystemPython); err == nil {
		if err := exec.Command(SystemPython, "-c", "import openpyxl").Run(); err == nil {
			if testing.Short() {
				t.Skip("openpyxl reads whole workbooks: skipped in -short mode")
			}
			return SystemPython
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s cannot import openpyxl; CI must install it (apt-get install python3-openpyxl) to run the real-client tests", SystemPython)
	}
	t.Skipf("%s cannot import openpyxl: skipping the real-client test; install python3-openpyxl to run it", SystemPython)
	return ""
}

// Poppler returns poppler-utils' program name (pdftotext, pdffonts), or skips the test when it
// is missing; with CI=true a missing one fails the test instead.
func Poppler(t testing.TB, name string) string {
	t.Helper()
	if p, err := exec.LookPath(name); err == nil {
		if testing.Short() {
			t.Skip("reading printed PDFs needs LibreOffice: skipped in -short mode")
		}
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not on PATH; CI must install poppler-utils to run the real-client tests", name)
	}
	t.Skipf("%s is not on PATH: skipping the real-client test; install poppler-utils to run it", name)
	return ""
}
