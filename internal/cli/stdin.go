package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// maxStdinFile bounds what a file command takes from standard input: more
// than any device exports for one person (45 days of 100 Hz raw CSV stays
// well below it), and a runaway pipe cannot fill the disk.
const maxStdinFile = 8 << 30

// inputPath is path itself, or for "-" the spooled standard input; the
// caller defers cleanup either way.
func inputPath(env Env, path string) (string, func(), error) {
	if path != "-" {
		return path, func() {}, nil
	}
	return spoolStdin(env)
}

// spoolStdin copies standard input to a private temporary file named
// "stdin" with the extension its first bytes reveal (.agd for SQLite,
// .gt3x for a zip, .cwa, .bin for GENEActiv, else .csv), so that every file
// command accepts "-" like a path, including formats that need to seek.
// cleanup removes the file.
func spoolStdin(env Env) (path string, cleanup func(), err error) {
	dir, err := os.MkdirTemp("", "volwaardig-stdin-")
	if err != nil {
		return "", nil, err
	}
	cleanup = func() { _ = os.RemoveAll(dir) } // best effort: a temporary folder
	head := make([]byte, 16)
	n, err := io.ReadFull(env.Stdin, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		cleanup()
		return "", nil, fmt.Errorf("read standard input: %w", err)
	}
	head = head[:n]
	path = filepath.Join(dir, "stdin"+stdinFormat(head))
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		cleanup()
		return "", nil, err
	}
	if _, err := f.Write(head); err != nil {
		err = errors.Join(err, f.Close())
		cleanup()
		return "", nil, err
	}
	copied, err := io.Copy(f, io.LimitReader(env.Stdin, maxStdinFile+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		cleanup()
		return "", nil, fmt.Errorf("read standard input: %w", err)
	}
	if copied+int64(n) > maxStdinFile {
		cleanup()
		return "", nil, fmt.Errorf("standard input holds more than %d GiB; give the file's path instead", maxStdinFile>>30)
	}
	return path, cleanup, nil
}

// stdinFormat names the file extension the first bytes of an input reveal:
// .agd for SQLite, .gt3x for a zip, .cwa, .bin for GENEActiv, else .csv.
func stdinFormat(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("SQLite format 3\x00")):
		return ".agd"
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return ".gt3x"
	case bytes.HasPrefix(head, []byte("MD")):
		return ".cwa"
	case bytes.HasPrefix(head, []byte("Device Identity")):
		return ".bin"
	}
	return ".csv"
}
