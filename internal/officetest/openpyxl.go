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
