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
	found := ""
	if _, err := os.Stat(SystemPython); err == nil {
		if err := exec.Command(SystemPython, "-c", "import openpyxl").Run(); err == nil {
			found = SystemPython
		}
	}
	return realClient(t, found, "openpyxl reads whole workbooks: skipped in -short mode",
		SystemPython+" cannot import openpyxl; CI must install it (apt-get install python3-openpyxl) to run the real-client tests",
		SystemPython+" cannot import openpyxl: skipping the real-client test; install python3-openpyxl to run it")
}

// Poppler returns poppler-utils' program name (pdftotext, pdffonts), or skips the test when it
// is missing; with CI=true a missing one fails the test instead.
func Poppler(t testing.TB, name string) string {
	t.Helper()
	found, _ := exec.LookPath(name)
	return realClient(t, found, "reading printed PDFs needs LibreOffice: skipped in -short mode",
		name+" is not on PATH; CI must install poppler-utils to run the real-client tests",
		name+" is not on PATH: skipping the real-client test; install poppler-utils to run it")
}

// realClient returns path, the real client a test needs, or ends the test: skipped in -short
// mode (short says why), and when path is "" (missing) failed with ci under CI=true, else skipped
// with local.
func realClient(t testing.TB, path, short, ci, local string) string {
	t.Helper()
	if path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal(ci)
		}
		t.Skip(local)
	}
	if testing.Short() {
		t.Skip(short)
	}
	return path
}
