package report

// Benchmarks of SPEC §7: the tool's whole run against excelize's own streaming floor.
//
//	go test ./xlsx/report -bench . -run '^$' -count 5
//
// BenchmarkRun/<size>/floor  stream-reads the input (Rows, raw values) and stream-writes the
//                            output's cells (same formulas, stored values and styles) to a file;
// BenchmarkRun/<size>/full   input.Read, model.RunEach and report.Write to a file;
// BenchmarkRun/<size>/ratio  both, alternately in each iteration, reporting full/floor, and the
//                            sensitivities' share of the full run's CPU time;
// BenchmarkRun/<size>/rss    the built binary on the input, as a whole process: peak-RSS-MB,
//                            beside the floor's in a process of its own: floor-peak-RSS-MB;
// BenchmarkProcess/sample    the built binary on the public sample, end to end;
// BenchmarkProcess/batch     200 copies of the sample at --jobs 1 and --jobs 2: speedup.
//
// Sizes: the public sample and synthetic universes of miners × projects × scenarios. The
// ratio benchmark's cpu-full/floor compares CPU time, steadier than wall time when other work
// shares the machine.

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"minergap/internal/synth"
	"minergap/internal/workers"
	"minergap/model"
	"minergap/xlsx/input"
)

// benchInput is one input workbook of the benchmarks, generated or loaded once per process.
type benchInput struct {
	name   string
	sample string     // path of a committed workbook, or
	spec   synth.Spec // the synthetic universe to generate
	once   sync.Once
	data   []byte     // the input workbook's bytes
	floor  *floorBook // the real output's cells, replayed by the floor
	err    error
}

var benchInputs = []*benchInput{
	{name: "sample", sample: filepath.Join("..", "..", "samples", "ai-pivot-2026.xlsx")},
	{name: "200x25x5", spec: synth.Spec{Miners: 200, Projects: 25, Scenarios: 5, Seed: 1}},
	{name: "1000x10x5", spec: synth.Spec{Miners: 1000, Projects: 10, Scenarios: 5, Seed: 2}},
}

// benchOptions fixes the run time so every run writes the same workbook.
var benchOptions = Options{Version: "bench", RunTime: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)}

// load makes the input (outside any timer) and runs the real tool on it once to learn the
// output's cells.
func (in *benchInput) load(b *testing.B) {
	b.Helper()
	in.once.Do(func() {
		if in.sample != "" {
			in.data, in.err = os.ReadFile(in.sample)
		} else {
			in.data, in.err = synth.Workbook(in.spec)
		}
		if in.err != nil {
			return
		}
		dir, err := os.MkdirTemp("", "minergap-bench-")
		if err != nil {
			in.err = err
			return
		}
		defer os.RemoveAll(dir)
		src := filepath.Join(dir, in.name+".xlsx")
		out := filepath.Join(dir, in.name+"-gaps.xlsx")
		if in.err = os.WriteFile(src, in.data, 0o644); in.err != nil {
			return
		}
		if in.err = benchFull(src, out); in.err != nil {
			return
		}
		in.floor, in.err = loadFloorBook(out)
	})
	if in.err != nil {
		if in.sample != "" && os.IsNotExist(in.err) {
			b.Skipf("%s: no sample workbook (%v); generate it with minergap template --example", in.name, in.err)
		}
		b.Fatalf("%s: %v", in.name, in.err)
	}
}

// file writes the input into dir under the benchmark's name and returns its path.
func (in *benchInput) file(b *testing.B, dir string) string {
	b.Helper()
	p := filepath.Join(dir, in.name+".xlsx")
	if err := os.WriteFile(p, in.data, 0o644); err != nil {
		b.Fatal(err)
	}
	return p
}

// benchFull is the tool's work on one workbook, as the CLI does it: in a slot of a pool of one
// slot per CPU, whose other slots write the miner sheets.
func benchFull(src, out string) (err error) {
	pool := workers.New(runtime.NumCPU())
	pool.Run(1, func(int) { err = benchFullIn(src, out, pool) })
	return err
}

func benchFullIn(src, out string, pool *workers.Pool) error {
	book, err := input.Read(src)
	if err != nil {
		return err
	}
	// As the command does: each miner's timeline and sensitivities on the pool's free slots.
	res := model.RunEach(book.Universe, func(n int, f func(int)) {
		_ = pool.Each(n, func(i int) error { f(i); return nil })
	})
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	o := benchOptions
	o.Pool = pool
	if err := Write(f, book, res, o); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func BenchmarkRun(b *testing.B) {
	for _, in := range benchInputs {
		b.Run(in.name, func(b *testing.B) {
			b.Run("floor", func(b *testing.B) {
				in.load(b)
				dir := b.TempDir()
				src, out := in.file(b, dir), filepath.Join(dir, "floor.xlsx")
				b.ReportAllocs()
				for b.Loop() {
					if err := in.floor.run(src, out); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("full", func(b *testing.B) {
				in.load(b)
				dir := b.TempDir()
				src, out := in.file(b, dir), filepath.Join(dir, "full.xlsx")
				b.ReportAllocs()
				for b.Loop() {
					if err := benchFull(src, out); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("ratio", func(b *testing.B) {
				in.load(b)
				dir := b.TempDir()
				src := in.file(b, dir)
				floor, full := benchCost{rise: -1}, benchCost{rise: -1}
				b.ReportAllocs()
				for b.Loop() {
					c, err := benchMeasure(func() error { return in.floor.run(src, filepath.Join(dir, "floor.xlsx")) })
					if err != nil {
						b.Fatal(err)
					}
					floor.add(c)
					c, err = benchMeasure(func() error { return benchFull(src, filepath.Join(dir, "full.xlsx")) })
					if err != nil {
						b.Fatal(err)
					}
					full.add(c)
				}
				n := float64(b.N)
				b.ReportMetric(float64(floor.wall.Nanoseconds())/n, "floor-ns/op")
				b.ReportMetric(float64(full.wall.Nanoseconds())/n, "full-ns/op")
				b.ReportMetric(float64(floor.cpu.Nanoseconds())/n, "floor-cpu-ns/op")
				b.ReportMetric(float64(full.cpu.Nanoseconds())/n, "full-cpu-ns/op")
				b.ReportMetric(float64(floor.bytes)/n, "floor-B/op")
				b.ReportMetric(float64(full.bytes)/n, "full-B/op")
				b.ReportMetric(float64(full.wall)/float64(floor.wall), "full/floor")
				b.ReportMetric(float64(full.cpu)/float64(floor.cpu), "cpu-full/floor")
				if floor.rise >= 0 && full.rise >= 0 {
					b.ReportMetric(float64(floor.rise)/(1<<20), "floor-RSS-rise-MB")
					b.ReportMetric(float64(full.rise)/(1<<20), "full-RSS-rise-MB")
				}
				// SPEC §3c's sensitivities alone, on one goroutine, as a share of the full run's
				// CPU time (which counts every core's).
				b.StopTimer()
				book, err := input.Read(src)
				if err != nil {
					b.Fatal(err)
				}
				res := model.Compute(book.Universe)
				sp := book.Universe.Assumptions.SensitivityParams(res.Scenarios)
				sens, err := benchMeasure(func() error { model.Sensitivities(book.Universe, res, sp); return nil })
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(sens.cpu)/(float64(full.cpu)/n), "cpu-sensitivity/full")
			})
			b.Run("rss", func(b *testing.B) {
				in.load(b)
				dir := b.TempDir()
				bin := benchBinary(b, dir)
				src := in.file(b, dir)
				out := filepath.Join(dir, "out")
				var peak, floorPeak int64
				for b.Loop() {
					_, rss, err := benchProcess(nil, bin, "run", "--jobs", "1", "--out", out, src)
					if err != nil {
						b.Fatal(err)
					}
					peak = max(peak, rss)
				}
				b.StopTimer()
				// The floor as a process of its own: stream-read the input, stream-write the
				// output's cells as they are decoded from the output, so that holding them
				// does not count.
				spec, err := json.Marshal([]string{src, filepath.Join(dir, "floor.xlsx"), filepath.Join(out, in.name+"-gaps.xlsx")})
				if err != nil {
					b.Fatal(err)
				}
				_, floorPeak, err = benchProcess([]string{benchFloorEnv + "=" + string(spec)},
					os.Args[0])
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MB")
				b.ReportMetric(float64(floorPeak)/(1<<20), "floor-peak-RSS-MB")
				b.ReportMetric(float64(peak)/float64(floorPeak), "RSS-full/floor")
			})
		})
	}
}

// benchCost is what one run of a function cost: wall time, CPU time of the whole process (user
// and system, all threads: steadier than wall time when other work shares the machine), bytes
// allocated, and how far the process's resident set rose above where it stood before the run.
type benchCost struct {
	wall, cpu time.Duration
	bytes     uint64
	rise      int64 // peak RSS above the RSS at the start, bytes; -1 when unknown
}

func (c *benchCost) add(d benchCost) {
	c.wall += d.wall
	c.cpu += d.cpu
	c.bytes += d.bytes
	c.rise = max(c.rise, d.rise)
}

// benchMeasure runs f and returns what it cost. It first returns freed memory to the system and
// resets the kernel's peak-RSS mark (/proc/self/clear_refs), so the rise is f's own working set
// beyond the data the benchmark keeps.
func benchMeasure(f func() error) (benchCost, error) {
	runtime.GC()
	debug.FreeOSMemory()
	rss, _ := benchStatus("VmRSS")
	reset := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	before := m.TotalAlloc
	cpu := benchCPU()
	start := time.Now()
	err := f()
	c := benchCost{wall: time.Since(start), cpu: benchCPU() - cpu, rise: -1}
	runtime.ReadMemStats(&m)
	c.bytes = m.TotalAlloc - before
	if hwm, ok := benchStatus("VmHWM"); ok && reset && rss > 0 {
		c.rise = hwm - rss
	}
	return c, err
}

// benchStatus reads a size field (kB) of /proc/self/status, in bytes.
func benchStatus(field string) (int64, bool) {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for line := range strings.Lines(string(data)) {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb * 1024, err == nil
		}
	}
	return 0, false
}

// benchCPU is the CPU time this process has used so far, user and system.
func benchCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

var benchBuild struct {
	once sync.Once
	exe  []byte
	err  error
}

// benchBinary builds the minergap command once per process and copies it into dir.
func benchBinary(b *testing.B, dir string) string {
	b.Helper()
	benchBuild.once.Do(func() {
		tmp, err := os.MkdirTemp("", "minergap-build-")
		if err != nil {
			benchBuild.err = err
			return
		}
		defer os.RemoveAll(tmp)
		exe := filepath.Join(tmp, "minergap")
		cmd := exec.Command("go", "build", "-o", exe, "minergap")
		if out, err := cmd.CombinedOutput(); err != nil {
			benchBuild.err = fmt.Errorf("go build: %v\n%s", err, out)
			return
		}
		benchBuild.exe, benchBuild.err = os.ReadFile(exe)
	})
	if benchBuild.err != nil {
		b.Fatal(benchBuild.err)
	}
	p := filepath.Join(dir, "minergap")
	if err := os.WriteFile(p, benchBuild.exe, 0o755); err != nil {
		b.Fatal(err)
	}
	return p
}

// benchProcess runs the binary and returns its wall time and peak resident set size in bytes.
//
// The peak comes from wait4's rusage, but not of a child of this process: os/exec starts a child
// with vfork, and on exec Linux records the vforking parent's peak as the child's, so a child
// of a benchmark holding a large workbook would report that. A fresh copy of the test binary
// (benchLaunchMain) starts the command instead: its own peak is a few MB.
func benchProcess(env []string, bin string, args ...string) (time.Duration, int64, error) {
	res, err := os.CreateTemp("", "minergap-launch-")
	if err != nil {
		return 0, 0, err
	}
	res.Close()
	defer os.Remove(res.Name())
	argv, err := json.Marshal(append([]string{bin}, args...))
	if err != nil {
		return 0, 0, err
	}
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(append(os.Environ(), env...), benchLaunchEnv+"="+string(argv), benchResultEnv+"="+res.Name())
	if out, err := cmd.CombinedOutput(); err != nil {
		return 0, 0, fmt.Errorf("%s %s: %v\n%s", bin, strings.Join(args, " "), err, out)
	}
	data, err := os.ReadFile(res.Name())
	if err != nil {
		return 0, 0, err
	}
	var r benchLaunch
	if err := json.Unmarshal(data, &r); err != nil {
		return 0, 0, fmt.Errorf("launcher result %q: %v", data, err)
	}
	return r.Wall, r.MaxRSS, nil
}

const (
	benchLaunchEnv = "MINERGAP_BENCH_LAUNCH" // JSON array: the command and its arguments
	benchResultEnv = "MINERGAP_BENCH_RESULT" // file that receives a benchLaunch as JSON
)

// benchLaunch is what benchLaunchMain measured.
type benchLaunch struct {
	Wall   time.Duration
	MaxRSS int64 // bytes
}

// TestMain runs the test binary as one of the helper processes the process benchmarks start
// (benchLaunchMain, benchFloorMain) when their variable is set, else the tests as usual.
func TestMain(m *testing.M) {
	switch {
	case os.Getenv(benchLaunchEnv) != "":
		os.Exit(benchHelper(benchLaunchMain))
	case os.Getenv(benchFloorEnv) != "":
		os.Exit(benchHelper(benchFloorMain))
	}
	os.Exit(m.Run())
}

// benchHelper runs a helper process's main and turns its error into an exit status.
func benchHelper(main func() error) int {
	if err := main(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// benchLaunchMain runs the command it is given (benchLaunchEnv) and writes the command's wall
// time and peak RSS to the result file (benchResultEnv): a fresh process, so that the peak is the
// command's own and not inherited from the benchmark's.
func benchLaunchMain() error {
	spec := os.Getenv(benchLaunchEnv)
	var argv []string
	if err := json.Unmarshal([]byte(spec), &argv); err != nil || len(argv) == 0 {
		return fmt.Errorf("%s=%q: want a JSON array holding the command and its arguments", benchLaunchEnv, spec)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	for _, kv := range os.Environ() { // the command must not launch itself again
		if !strings.HasPrefix(kv, benchLaunchEnv+"=") && !strings.HasPrefix(kv, benchResultEnv+"=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %v\n%s", strings.Join(argv, " "), err, stderr.Bytes())
	}
	r := benchLaunch{Wall: time.Since(start)}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return fmt.Errorf("no resource usage for the command")
	}
	r.MaxRSS = ru.Maxrss * 1024
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return os.WriteFile(os.Getenv(benchResultEnv), data, 0o644)
}

// benchFloorEnv holds a JSON array [input, replay, output]: benchFloorMain replays the
// output's cells into replay after stream-reading input.
const benchFloorEnv = "MINERGAP_BENCH_FLOOR"

// benchFloorMain is the floor alone in a process (benchFloorEnv), started by BenchmarkRun/*/rss
// so that its peak RSS can be set beside the command's.
func benchFloorMain() error {
	spec := os.Getenv(benchFloorEnv)
	var paths []string
	if err := json.Unmarshal([]byte(spec), &paths); err != nil || len(paths) != 3 {
		return fmt.Errorf("%s=%q: want a JSON array [input, replay, output]", benchFloorEnv, spec)
	}
	fb, err := openFloorBook(paths[2], false)
	if err != nil {
		return err
	}
	defer fb.close()
	return fb.run(paths[0], paths[1])
}

// benchBatchSize is how many copies of the sample BenchmarkProcess/batch runs at once.
const benchBatchSize = 200

// BenchmarkProcess runs the built binary as an analyst does, on the public sample:
// /sample is one run (ns/op is the whole process's wall time), /batch is benchBatchSize copies
// of the sample at --jobs 1 and at --jobs 2, alternately in each iteration, reporting the
// speedup of two workers over one.
func BenchmarkProcess(b *testing.B) {
	sample := benchInputs[0]
	b.Run("sample", func(b *testing.B) {
		sample.load(b)
		dir := b.TempDir()
		bin := benchBinary(b, dir)
		src := sample.file(b, dir)
		var peak int64
		for b.Loop() {
			_, rss, err := benchProcess(nil, bin, "run", "--out", filepath.Join(dir, "out"), src)
			if err != nil {
				b.Fatal(err)
			}
			peak = max(peak, rss)
		}
		b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MB")
	})
	b.Run("batch", func(b *testing.B) {
		sample.load(b)
		dir := b.TempDir()
		bin := benchBinary(b, dir)
		in := filepath.Join(dir, "in")
		if err := os.Mkdir(in, 0o755); err != nil {
			b.Fatal(err)
		}
		for i := range benchBatchSize {
			p := filepath.Join(in, fmt.Sprintf("universe-%03d.xlsx", i+1))
			if err := os.WriteFile(p, sample.data, 0o644); err != nil {
				b.Fatal(err)
			}
		}
		var t1, t2 time.Duration
		for b.Loop() {
			d, _, err := benchProcess(nil, bin, "run", "--jobs", "1", "--out", filepath.Join(dir, "out1"), in)
			if err != nil {
				b.Fatal(err)
			}
			t1 += d
			d, _, err = benchProcess(nil, bin, "run", "--jobs", "2", "--out", filepath.Join(dir, "out2"), in)
			if err != nil {
				b.Fatal(err)
			}
			t2 += d
		}
		n := float64(b.N)
		b.ReportMetric(t1.Seconds()/n, "jobs1-s/op")
		b.ReportMetric(t2.Seconds()/n, "jobs2-s/op")
		b.ReportMetric(float64(t1)/float64(t2), "speedup")
	})
}

// floorBook is an output workbook's cells, sheet by sheet, ready to be streamed again, and its
// cell styles, by their ID in the original.
type floorBook struct {
	sheets []floorSheet
	styles []floorStyle // in the order run creates them
	remap  map[int]int  // a style's ID in the output → its ID in the replay
	shared []string     // the output's shared strings
	zip    *zip.ReadCloser
}

// floorStyle is one cell style of the output: its definition, and the ID NewStyle gives it in a
// fresh file when the styles are created in order (the cells carry that ID).
type floorStyle struct {
	style *excelize.Style
	id    int
}

type floorSheet struct {
	name string
	// rows holds the rows' cells encoded (floorRows), restyled: one block of bytes without
	// pointers, which the collector never scans, so that holding a large output's cells does not
	// slow the full run measured beside the floor. run decodes them as it writes.
	rows []byte
	part *zip.File // set when the rows are not held: run decodes them from the output as it goes
}

// floorRow holds a row's cells from column A; nil cells are skipped by the StreamWriter.
type floorRow struct {
	num   int
	cells []any
}

// run is the floor: stream-read every cell of the input with raw values, then stream-write the
// output's cells, styles created first, sheet by sheet, to out.
func (fb *floorBook) run(src, out string) error {
	in, err := excelize.OpenFile(src)
	if err != nil {
		return err
	}
	n := 0
	for _, sheet := range in.GetSheetList() {
		rows, err := in.Rows(sheet)
		if err != nil {
			in.Close()
			return err
		}
		for rows.Next() {
			cols, err := rows.Columns(excelize.Options{RawCellValue: true})
			if err != nil {
				rows.Close()
				in.Close()
				return err
			}
			n += len(cols)
		}
		if err := rows.Error(); err != nil {
			rows.Close()
			in.Close()
			return err
		}
		rows.Close()
	}
	if err := in.Close(); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("%s: no cells read", src)
	}

	f := excelize.NewFile()
	defer f.Close()
	for _, s := range fb.styles {
		id, err := f.NewStyle(s.style)
		if err != nil {
			return err
		}
		if id != s.id {
			return fmt.Errorf("style got ID %d, want %d", id, s.id)
		}
	}
	for i, s := range fb.sheets {
		if i == 0 {
			err = f.SetSheetName("Sheet1", s.name)
		} else {
			_, err = f.NewSheet(s.name)
		}
		if err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(s.name)
		if err != nil {
			return err
		}
		setRow := func(r floorRow) error { return sw.SetRow("A"+strconv.Itoa(r.num), r.cells) }
		if s.part != nil {
			err = eachFloorRow(s.part, fb.shared, func(r floorRow) error {
				fb.restyle(r)
				return setRow(r)
			})
		} else {
			err = eachHeldRow(s.rows, setRow)
		}
		if err != nil {
			return err
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	w, err := os.Create(out)
	if err != nil {
		return err
	}
	if _, err := f.WriteTo(w); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

// loadFloorBook reads an output workbook's cells straight from its sheet XML (excelize's
// per-cell getters scan rows linearly, too slow for a large sheet) and its styles with excelize.
func loadFloorBook(p string) (*floorBook, error) { return openFloorBook(p, true) }

// openFloorBook reads an output workbook for the floor to replay: with hold, every cell is
// loaded into memory; without, only the styles are, and run decodes the cells as it writes
// them (then the caller must close the book).
func openFloorBook(p string, hold bool) (fb *floorBook, err error) {
	zr, err := zip.OpenReader(p)
	if err != nil {
		return nil, err
	}
	defer func() {
		if hold || err != nil {
			zr.Close()
		}
	}()
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[f.Name] = f
	}
	decode := func(name string, v any) error {
		f, ok := files[name]
		if !ok {
			return fmt.Errorf("%s: no %s", p, name)
		}
		r, err := f.Open()
		if err != nil {
			return err
		}
		defer r.Close()
		return xml.NewDecoder(r).Decode(v)
	}

	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := decode("xl/workbook.xml", &wb); err != nil {
		return nil, err
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := decode("xl/_rels/workbook.xml.rels", &rels); err != nil {
		return nil, err
	}
	target := map[string]string{}
	for _, r := range rels.Rel {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		target[r.ID] = t
	}
	var shared []string
	if _, ok := files["xl/sharedStrings.xml"]; ok {
		var sst struct {
			SI []floorXMLString `xml:"si"`
		}
		if err := decode("xl/sharedStrings.xml", &sst); err != nil {
			return nil, err
		}
		for _, si := range sst.SI {
			shared = append(shared, si.text())
		}
	}

	fb = &floorBook{remap: map[int]int{}, shared: shared}
	if !hold {
		fb.zip = zr
	}
	used := map[int]bool{}
	var held [][]floorRow
	for _, s := range wb.Sheets {
		f, ok := files[target[s.RID]]
		if !ok {
			return nil, fmt.Errorf("%s: sheet %s has no part %q", p, s.Name, target[s.RID])
		}
		sheet := floorSheet{name: s.Name}
		var rows []floorRow
		if !hold {
			sheet.part = f
		}
		err := eachFloorRow(f, shared, func(r floorRow) error {
			for _, c := range r.cells {
				if c, ok := c.(excelize.Cell); ok && c.StyleID != 0 {
					used[c.StyleID] = true
				}
			}
			if hold {
				rows = append(rows, r)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", p, s.Name, err)
		}
		fb.sheets = append(fb.sheets, sheet)
		held = append(held, rows)
	}

	// Recreate the styles by definition in a fresh file, in ID order, and give each cell its
	// style's new ID.
	ef, err := excelize.OpenFile(p)
	if err != nil {
		return nil, err
	}
	defer ef.Close()
	probe := excelize.NewFile()
	defer probe.Close()
	for _, old := range slices.Sorted(maps.Keys(used)) {
		st, err := ef.GetStyle(old)
		if err != nil {
			return nil, fmt.Errorf("%s: style %d: %w", p, old, err)
		}
		id, err := probe.NewStyle(st)
		if err != nil {
			return nil, fmt.Errorf("%s: style %d: %w", p, old, err)
		}
		fb.remap[old] = id
		fb.styles = append(fb.styles, floorStyle{st, id})
	}
	for i, rows := range held {
		for _, r := range rows {
			fb.restyle(r)
			fb.sheets[i].rows = appendRow(fb.sheets[i].rows, r)
		}
	}
	return fb, nil
}

// restyle gives the row's cells their styles' IDs in the replay.
func (fb *floorBook) restyle(r floorRow) {
	for i, c := range r.cells {
		if c, ok := c.(excelize.Cell); ok && c.StyleID != 0 {
			c.StyleID = fb.remap[c.StyleID]
			r.cells[i] = c
		}
	}
}

// appendRow appends r to buf encoded: the row number, the number of cells, and each cell as a
// tag (0 none, 1 a styled cell), its style, formula and value (0 none, 1 number, 2 text, 3
// boolean). Bare values do not occur: eachFloorRow gives every cell as an excelize.Cell.
func appendRow(buf []byte, r floorRow) []byte {
	buf = binary.AppendUvarint(buf, uint64(r.num))
	buf = binary.AppendUvarint(buf, uint64(len(r.cells)))
	text := func(buf []byte, s string) []byte { return append(binary.AppendUvarint(buf, uint64(len(s))), s...) }
	for _, c := range r.cells {
		cell, ok := c.(excelize.Cell)
		if !ok {
			buf = append(buf, 0)
			continue
		}
		buf = binary.AppendUvarint(append(buf, 1), uint64(cell.StyleID))
		buf = text(buf, cell.Formula)
		switch v := cell.Value.(type) {
		case float64:
			buf = binary.LittleEndian.AppendUint64(append(buf, 1), math.Float64bits(v))
		case string:
			buf = text(append(buf, 2), v)
		case bool:
			buf = append(buf, 3, map[bool]byte{false: 0, true: 1}[v])
		default:
			buf = append(buf, 0)
		}
	}
	return buf
}

// eachHeldRow decodes rows appendRow encoded and hands each to f; the cells' slice is used again.
func eachHeldRow(buf []byte, f func(floorRow) error) error {
	var cells []any
	uv := func() int {
		v, n := binary.Uvarint(buf)
		buf = buf[n:]
		return int(v)
	}
	text := func() string {
		n := uv()
		s := string(buf[:n])
		buf = buf[n:]
		return s
	}
	for len(buf) > 0 {
		r := floorRow{num: uv()}
		cells = cells[:0]
		for range uv() {
			tag := buf[0]
			buf = buf[1:]
			if tag == 0 {
				cells = append(cells, nil)
				continue
			}
			cell := excelize.Cell{StyleID: uv(), Formula: text()}
			kind := buf[0]
			buf = buf[1:]
			switch kind {
			case 1:
				cell.Value = math.Float64frombits(binary.LittleEndian.Uint64(buf))
				buf = buf[8:]
			case 2:
				cell.Value = text()
			case 3:
				cell.Value = buf[0] == 1
				buf = buf[1:]
			}
			cells = append(cells, cell)
		}
		r.cells = cells
		if err := f(r); err != nil {
			return err
		}
	}
	return nil
}

// close releases the output workbook a book that does not hold its cells reads from.
func (fb *floorBook) close() error {
	if fb.zip == nil {
		return nil
	}
	return fb.zip.Close()
}

type floorXMLString struct {
	T string `xml:"t"`
	R []struct {
		T string `xml:"t"`
	} `xml:"r"`
}

func (s floorXMLString) text() string {
	t := s.T
	for _, r := range s.R {
		t += r.T
	}
	return t
}

type floorXMLCell struct {
	R  string          `xml:"r,attr"`
	S  int             `xml:"s,attr"`
	T  string          `xml:"t,attr"`
	F  *string         `xml:"f"`
	V  string          `xml:"v"`
	IS *floorXMLString `xml:"is"`
}

// eachFloorRow decodes a sheet part row by row and hands each row's cells to f.
func eachFloorRow(zf *zip.File, shared []string, f func(floorRow) error) error {
	rc, err := zf.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		start, ok := tok.(xml.StartElement)
		if !ok || start.Name.Local != "row" {
			continue
		}
		var row struct {
			R int            `xml:"r,attr"`
			C []floorXMLCell `xml:"c"`
		}
		if err := d.DecodeElement(&row, &start); err != nil {
			return err
		}
		fr := floorRow{num: row.R}
		for _, c := range row.C {
			col, _, err := excelize.CellNameToCoordinates(c.R)
			if err != nil {
				return err
			}
			cell := excelize.Cell{StyleID: c.S}
			if c.F != nil {
				cell.Formula = *c.F
			}
			switch c.T {
			case "s":
				i, err := strconv.Atoi(c.V)
				if err != nil || i < 0 || i >= len(shared) {
					return fmt.Errorf("%s: bad shared string %q", c.R, c.V)
				}
				cell.Value = shared[i]
			case "str", "e":
				cell.Value = c.V
			case "inlineStr":
				if c.IS != nil {
					cell.Value = c.IS.text()
				}
			case "b":
				cell.Value = c.V == "1"
			default:
				if c.V != "" {
					v, err := strconv.ParseFloat(c.V, 64)
					if err != nil {
						return fmt.Errorf("%s: bad number %q", c.R, c.V)
					}
					cell.Value = v
				}
			}
			if cell.Value == nil && cell.Formula == "" && cell.StyleID == 0 {
				continue
			}
			for len(fr.cells) < col-1 {
				fr.cells = append(fr.cells, nil)
			}
			fr.cells = append(fr.cells, cell)
		}
		if err := f(fr); err != nil {
			return err
		}
	}
}

// TestFloorReplaysOutput checks that the floor writes what the tool writes: the same sheets,
// and in them the same cells with the same values, formulas and style definitions.
func TestFloorReplaysOutput(t *testing.T) {
	data, err := synth.Workbook(synth.Spec{Miners: 6, Projects: 3, Scenarios: 4, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	src, out, replay := filepath.Join(dir, "u.xlsx"), filepath.Join(dir, "u-gaps.xlsx"), filepath.Join(dir, "floor.xlsx")
	if err := os.WriteFile(src, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := benchFull(src, out); err != nil {
		t.Fatal(err)
	}
	want, err := loadFloorBook(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, hold := range []bool{true, false} {
		t.Run(fmt.Sprintf("hold=%v", hold), func(t *testing.T) {
			fb, err := openFloorBook(out, hold)
			if err != nil {
				t.Fatal(err)
			}
			defer fb.close()
			if err := fb.run(src, replay); err != nil {
				t.Fatal(err)
			}
			got, err := loadFloorBook(replay)
			if err != nil {
				t.Fatal(err)
			}
			compareFloorBooks(t, got, want)
		})
	}
}

// heldRows decodes a sheet's held rows.
func heldRows(t *testing.T, buf []byte) []floorRow {
	t.Helper()
	var rows []floorRow
	if err := eachHeldRow(buf, func(r floorRow) error {
		rows = append(rows, floorRow{num: r.num, cells: slices.Clone(r.cells)})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return rows
}

// compareFloorBooks reports where got's sheets and cells differ from want's.
func compareFloorBooks(t *testing.T, got, want *floorBook) {
	t.Helper()
	// 6 miner sheets beside Cover, Summary, Scenarios, Timeline, Sensitivity, Inputs, Checks and Log.
	if len(want.sheets) != 14 {
		t.Errorf("output has %d sheets, want 14", len(want.sheets))
	}
	if len(got.sheets) != len(want.sheets) {
		t.Fatalf("floor wrote %d sheets, want %d", len(got.sheets), len(want.sheets))
	}
	cells, formulas := 0, 0
	for i, ws := range want.sheets {
		gs := got.sheets[i]
		wantRows, gotRows := heldRows(t, ws.rows), heldRows(t, gs.rows)
		if gs.name != ws.name || len(gotRows) != len(wantRows) {
			t.Errorf("sheet %d: floor wrote %s with %d rows, want %s with %d", i, gs.name, len(gotRows), ws.name, len(wantRows))
			continue
		}
		for j, wr := range wantRows {
			gr := gotRows[j]
			if gr.num != wr.num || len(gr.cells) != len(wr.cells) {
				t.Errorf("%s row %d: floor wrote row %d with %d cells, want %d", ws.name, wr.num, gr.num, len(gr.cells), len(wr.cells))
				continue
			}
			for k, w := range wr.cells {
				g := gr.cells[k]
				if w == nil || g == nil {
					if (w == nil) != (g == nil) {
						t.Errorf("%s row %d column %d: floor wrote %v, want %v", ws.name, wr.num, k+1, g, w)
					}
					continue
				}
				wc, gc := w.(excelize.Cell), g.(excelize.Cell)
				cells++
				if wc.Formula != "" {
					formulas++
				}
				if gc.Formula != wc.Formula || gc.Value != wc.Value ||
					!reflect.DeepEqual(got.style(gc.StyleID), want.style(wc.StyleID)) {
					t.Errorf("%s row %d column %d: floor wrote %+v, want %+v", ws.name, wr.num, k+1, gc, wc)
				}
			}
		}
	}
	if cells == 0 || formulas == 0 {
		t.Errorf("compared %d cells, %d of them formulas; want both above 0", cells, formulas)
	}
}

// style is the definition of the style a replayed cell carries, nil for the default.
func (fb *floorBook) style(id int) *excelize.Style {
	for _, s := range fb.styles {
		if s.id == id {
			return s.style
		}
	}
	return nil
}
