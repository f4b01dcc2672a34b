package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// job is one workbook to process, or a PATH that could not be used (err set).
type job struct {
	path string      // as given, or joined onto its folder as given
	info os.FileInfo // nil when err is set
	err  error
}

// base is the input's file name without its extension: the stem of its output's name.
func (in job) base() string {
	b := filepath.Base(in.path)
	return strings.TrimSuffix(b, filepath.Ext(b))
}

// isWorkbookName reports whether a folder entry is a workbook to read: .xlsx or .xlsm, and neither
// an Excel lock file (~$name.xlsx), a hidden file (.name.xlsx, such as the metadata files macOS
// leaves on shared drives) nor one of our own outputs (name-gaps.xlsx, name-review.xlsx).
func isWorkbookName(name string) bool {
	lower := strings.ToLower(name)
	ext := filepath.Ext(lower)
	if ext != ".xlsx" && ext != ".xlsm" {
		return false
	}
	stem := strings.TrimSuffix(lower, ext)
	return !strings.HasPrefix(name, "~$") && !strings.HasPrefix(name, ".") && !strings.HasSuffix(stem, "-gaps") && !strings.HasSuffix(stem, "-review")
}

// collectInputs expands the command line's PATHs into workbooks, in the order given (a folder's
// workbooks by name). A PATH that is missing, unreadable, or a folder without workbooks becomes a
// failed input; the same file named twice is kept once. When checkNames is set, two workbooks
// whose outputs would share a name are a usage error naming both.
func collectInputs(cmd string, paths []string, checkNames bool) ([]job, error) {
	var ins []job
	add := func(in job) {
		for _, prev := range ins {
			if prev.info != nil && in.info != nil && os.SameFile(prev.info, in.info) {
				return
			}
		}
		ins = append(ins, in)
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		switch {
		case err != nil:
			add(job{path: p, err: statError(err)})
		case info.IsDir():
			found, err := folderWorkbooks(p)
			if err != nil {
				add(job{path: p, err: err})
			}
			for _, in := range found {
				add(in)
			}
		case !info.Mode().IsRegular():
			add(job{path: p, err: errors.New("not a regular file; give a workbook (.xlsx) or a folder of them")})
		default:
			add(job{path: p, info: info})
		}
	}
	if checkNames {
		seen := map[string]job{}
		for _, in := range ins {
			if in.err != nil {
				continue
			}
			key := strings.ToLower(in.base())
			if prev, ok := seen[key]; ok {
				return nil, usagef(cmd, "%s and %s would both write %s-gaps.xlsx; run them separately or rename one", prev.path, in.path, in.base())
			}
			seen[key] = in
		}
	}
	return ins, nil
}

// folderWorkbooks lists a folder's workbooks (not its subfolders'), sorted by name.
func folderWorkbooks(dir string) ([]job, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, statError(err)
	}
	var ins []job
	for _, e := range entries {
		if !isWorkbookName(e.Name()) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		info, err := os.Stat(p) // follows links
		if err != nil {
			ins = append(ins, job{path: p, err: statError(err)})
			continue
		}
		if info.Mode().IsRegular() {
			ins = append(ins, job{path: p, info: info})
		}
	}
	if len(ins) == 0 {
		return nil, errors.New("no workbooks in this folder (.xlsx or .xlsm; lock files ~$* and *-gaps.xlsx outputs are skipped)")
	}
	sort.Slice(ins, func(i, j int) bool { return ins[i].path < ins[j].path })
	return ins, nil
}

// statError says why a path cannot be used, without repeating the path (messages lead with it).
func statError(err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return errors.New("no such file or folder; check the path")
	case errors.Is(err, fs.ErrPermission):
		return errors.New("permission denied; check the file's permissions")
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%v", pe.Err)
	}
	return err
}

// checkOutDir refuses an --out that names a file, or lies under one, before any work is done.
// A folder that does not exist yet is fine: the run makes it.
func checkOutDir(out string) error {
	for p := out; ; {
		info, err := os.Stat(p)
		if err == nil {
			if info.IsDir() {
				return nil
			}
			if p == out {
				return usagef("run", "--out %s is a file, not a folder; give a folder for the outputs", out)
			}
			return usagef("run", "--out %s: %s is a file, not a folder; give a folder for the outputs", out, p)
		}
		parent := filepath.Dir(p)
		if parent == p {
			return nil
		}
		p = parent
	}
}
