package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"io"
	"io/fs"
	"sync"

	"minergap/internal/workers"
)

// ZipWriter saves a workbook's parts (excelize.File.SetZipWriter) deflating each part in chunks on
// the slots of a pool that are free, as pigz does: every chunk is deflated on its own and ended
// with a sync flush, the last with the final block, so that the chunks laid end to end are one
// deflate stream. excelize deflates part after part on one goroutine, which for a large output
// is the longest single step of a run; here it takes the cores the run has spare. The chunks
// are fixed slices of each part, so the same parts always give the same bytes.
//
// Compressed chunks are held in memory until Close writes the archive (excelize's own saving holds
// the whole archive in memory too), each in a slice of its own size; at most one uncompressed chunk
// and one buffer to deflate it into per busy slot are held besides.
type ZipWriter struct {
	w       io.Writer
	pool    *workers.Pool
	entries []*zipEntry
}

// zipChunk is the size of the slices a part is deflated in: large enough that a chunk's own
// dictionary costs little (about 0.1% of the size), small enough to spread a sheet over the cores.
const zipChunk = 1 << 20

// zipLevel is archive/zip's own deflate level, which excelize's saving uses.
const zipLevel = 5

// NewZipWriter returns a ZipWriter writing the archive to w on Close, deflating on pool's free
// slots (nil: on the caller's goroutine only).
func NewZipWriter(w io.Writer, pool *workers.Pool) *ZipWriter {
	return &ZipWriter{w: w, pool: pool}
}

// zipEntry is one part: its name, the checksum and size of its bytes, and its chunks.
type zipEntry struct {
	name   string
	crc    uint32
	size   uint64
	buf    *[]byte // the chunk being filled, from chunkBuffers
	chunks []*deflated
}

// deflated is one chunk's deflated bytes, ready when wg is done.
type deflated struct {
	wg  sync.WaitGroup
	out []byte
	err error
}

// Create starts a part; the previous one is complete (its last chunks may still be deflating).
func (z *ZipWriter) Create(name string) (io.Writer, error) {
	if n := len(z.entries); n > 0 {
		z.entries[n-1].end(z.pool)
	}
	e := &zipEntry{name: name}
	z.entries = append(z.entries, e)
	return e.writer(z.pool), nil
}

// AddFS is part of excelize's interface; saving a workbook does not use it.
func (z *ZipWriter) AddFS(fs.FS) error {
	return errors.New("zip writer: adding a file system is not supported")
}

// Close completes the last part, waits for every chunk and writes the archive, the parts in the
// order they were created.
func (z *ZipWriter) Close() error {
	if n := len(z.entries); n > 0 {
		z.entries[n-1].end(z.pool)
	}
	zw := zip.NewWriter(z.w)
	for _, e := range z.entries {
		var compressed uint64
		for _, c := range e.chunks {
			c.wg.Wait()
			if c.err != nil {
				return c.err
			}
			compressed += uint64(len(c.out))
		}
		dst, err := zw.CreateRaw(&zip.FileHeader{Name: e.name, Method: zip.Deflate, CRC32: e.crc,
			CompressedSize64: compressed, UncompressedSize64: e.size})
		if err != nil {
			return err
		}
		for _, c := range e.chunks {
			if _, err := dst.Write(c.out); err != nil {
				return err
			}
		}
		e.chunks = nil
	}
	z.entries = nil
	return zw.Close()
}

// writer returns the io.Writer that fills e.
func (e *zipEntry) writer(pool *workers.Pool) io.Writer {
	return writerFunc(func(p []byte) (int, error) {
		e.crc = crc32.Update(e.crc, crc32.IEEETable, p)
		e.size += uint64(len(p))
		n := len(p)
		for len(p) > 0 {
			if e.buf == nil {
				e.buf = chunkBuffers.Get().(*[]byte)
			}
			k := min(len(p), zipChunk-len(*e.buf))
			*e.buf = append(*e.buf, p[:k]...)
			p = p[k:]
			if len(*e.buf) == zipChunk {
				e.deflate(pool, false)
			}
		}
		return n, nil
	})
}

// end deflates e's last chunk, with the final block (an empty part is one empty final block).
func (e *zipEntry) end(pool *workers.Pool) { e.deflate(pool, true) }

// deflate hands the chunk being filled to a free slot, or deflates it here when none is free.
func (e *zipEntry) deflate(pool *workers.Pool, final bool) {
	data := e.buf
	e.buf = nil
	c := &deflated{}
	c.wg.Add(1)
	e.chunks = append(e.chunks, c)
	work := func() {
		defer c.wg.Done()
		if data == nil {
			c.out, c.err = deflateChunk(nil, final)
			return
		}
		c.out, c.err = deflateChunk(*data, final)
		*data = (*data)[:0]
		chunkBuffers.Put(data)
	}
	if !pool.TryGo(work) {
		work()
	}
}

// chunkBuffers are the chunks being filled or deflated, used again: at most one per slot and
// one being filled.
var chunkBuffers = sync.Pool{New: func() any {
	b := make([]byte, 0, zipChunk)
	return &b
}}

var flateWriters = sync.Pool{New: func() any {
	fw, _ := flate.NewWriter(nil, zipLevel)
	return fw
}}

// deflatedBuffers are the buffers chunks are deflated into, used again: at most one per slot.
var deflatedBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// deflateChunk deflates data: ended by a sync flush, which leaves the stream on a byte boundary
// for the next chunk, or when final by the final block. The bytes are returned in a slice of
// their own size: they are held until the archive is written, and the buffer they are deflated
// into is grown ahead to a quarter of the chunk, twice what XML deflates to.
func deflateChunk(data []byte, final bool) ([]byte, error) {
	fw := flateWriters.Get().(*flate.Writer)
	defer flateWriters.Put(fw)
	buf := deflatedBuffers.Get().(*bytes.Buffer)
	defer deflatedBuffers.Put(buf)
	buf.Reset()
	buf.Grow(len(data)/4 + 64) // XML deflates to a tenth or less; one growth at most
	fw.Reset(buf)
	if _, err := fw.Write(data); err != nil {
		return nil, err
	}
	var err error
	if final {
		err = fw.Close()
	} else {
		err = fw.Flush()
	}
	if err != nil {
		return nil, err
	}
	return bytes.Clone(buf.Bytes()), nil
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
