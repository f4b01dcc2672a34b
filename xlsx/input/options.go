package input

// Options are how Read works, beyond the file it reads.
type Options struct {
	// TempDir is the folder excelize spills large sheets into while reading; empty is
	// os.TempDir().
	TempDir string
}

// tempDir is the TempDir of the last of opts, or empty.
func tempDir(opts []Options) string {
	if len(opts) == 0 {
		return ""
	}
	return opts[len(opts)-1].TempDir
}
