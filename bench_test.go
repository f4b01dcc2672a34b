package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
)

// BenchmarkBatch runs the command over a folder of copies of the sample workbook with one worker
// and with one per CPU: a batch of many workbooks should use every core, so workbooks/s should
// grow with the workers up to the number of CPUs.
func BenchmarkBatch(b *testing.B) {
	const books = 8
	sample, err := os.ReadFile(filepath.Join("samples", "ai-pivot-2026.xlsx"))
	if err != nil {
		b.Fatal(err)
	}
	in := filepath.Join(b.TempDir(), "in")
	if err := os.Mkdir(in, 0o755); err != nil {
		b.Fatal(err)
	}
	for i := range books {
		if err := os.WriteFile(filepath.Join(in, fmt.Sprintf("book%d.xlsx", i)), sample, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	jobs := []int{1}
	if n := runtime.NumCPU(); n > 1 {
		jobs = append(jobs, n)
	}
	for _, j := range jobs {
		b.Run("jobs="+strconv.Itoa(j), func(b *testing.B) {
			out := b.TempDir()
			runs := 0
			for b.Loop() {
				args := []string{"minergap", "run", "--jobs", strconv.Itoa(j), "--out", out, in}
				if code := runCLI(args, io.Discard, io.Discard); code != 0 {
					b.Fatalf("exit %d", code)
				}
				runs++
			}
			b.ReportMetric(float64(runs*books)/b.Elapsed().Seconds(), "workbooks/s")
		})
	}
}
