package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// errInterrupted says a run was stopped by SIGINT or SIGTERM before every workbook was done.
var errInterrupted = errors.New("interrupted")

// tempFiles are the temporary files of one command (SPEC §5, §6): a folder of its own under
// os.TempDir(), into which excelize spills large sheets and the writer puts its main workbook, and
// each output, written beside its final name until it is renamed into place. removeAll removes
// them all, at the end of the command whatever happens, or at once when a run is interrupted; after
// it nothing more is made and nothing is renamed into place, so no half-written output is left.
// The zero value has no folder of its own.
type tempFiles struct {
	dir string // empty for the zero value

	mu      sync.Mutex
	outputs map[string]bool // temporary outputs not yet renamed into place or removed
	removed bool
}

// newTempFiles makes a command's temporary folder.
func newTempFiles() (*tempFiles, error) {
	dir, err := os.MkdirTemp("", "minergap-")
	if err != nil {
		return nil, fmt.Errorf("cannot make a temporary folder: %w; check that TMPDIR names a folder that can be written to", err)
	}
	return &tempFiles{dir: dir}, nil
}

// write writes a file through write into a new temporary file beside path, so that a reader never
// sees half a workbook, and returns its name, the file complete and closed. On any failure, a
// panic in write included, the temporary file is removed.
func (t *tempFiles) write(path string, write func(*os.File) error) (name string, err error) {
	f, err := t.create(path)
	if err != nil {
		return "", err
	}
	defer func() {
		if name == "" {
			f.Close()
			t.discard(f.Name())
		}
	}()
	if err := write(f); err != nil {
		return "", err
	}
	if err := f.Chmod(0o644); err != nil {
		return "", err
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	return f.Name(), nil
}

// create makes a temporary file beside path, hidden and named after it.
func (t *tempFiles) create(path string) (*os.File, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.removed {
		return nil, errInterrupted
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		if inner := errors.Unwrap(err); inner != nil {
			err = inner // the temporary name means nothing to the analyst
		}
		return nil, fmt.Errorf("%w; check that the folder exists and can be written to", err)
	}
	if t.outputs == nil {
		t.outputs = map[string]bool{}
	}
	t.outputs[f.Name()] = true
	return f, nil
}

// discard removes a temporary file write made.
func (t *tempFiles) discard(name string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.outputs, name)
	os.Remove(name)
}

// finish renames the temporary file name (when not empty) to path, then calls done with the
// rename's error, both before removeAll can run, so that what done records is exactly what was
// renamed into place. After removeAll it removes name and does not call done.
func (t *tempFiles) finish(name, path string, done func(error)) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if name != "" {
		delete(t.outputs, name)
	}
	if t.removed {
		if name != "" {
			os.Remove(name)
		}
		return
	}
	var err error
	if name != "" {
		if err = os.Rename(name, path); err != nil {
			os.Remove(name)
		}
	}
	done(err)
}

// removeAll removes every temporary output not yet renamed into place and the temporary folder
// with all in it, and makes the files of any work still going fail from then on.
func (t *tempFiles) removeAll() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.removed = true
	for name := range t.outputs {
		os.Remove(name)
	}
	t.outputs = nil
	if t.dir == "" {
		return nil
	}
	// A file excelize makes in the folder while it is being removed, for a workbook being
	// abandoned, fails one try; once the folder is gone no file can be made in it.
	var err error
	for range 3 {
		if err = os.RemoveAll(t.dir); err == nil {
			return nil
		}
	}
	return fmt.Errorf("cannot remove the temporary folder %s: %w", t.dir, err)
}

// writeFileAtomic writes a file through a temporary file beside it, renamed into place once
// complete, so that a reader never sees half a workbook and a failure leaves any older file as it
// was. The temporary file is removed on any failure, a panic in write included.
func writeFileAtomic(path string, write func(*os.File) error) error {
	var t tempFiles
	name, err := t.write(path, write)
	if err != nil {
		return err
	}
	t.finish(name, path, func(e error) { err = e })
	return err
}
