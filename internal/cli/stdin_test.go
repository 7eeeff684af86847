package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/volwaardig/volwaardig/internal/testkit"
)

// runWithStdin runs the command line with a file's content on standard
// input; the file tools read no environment variables.
func runWithStdin(t *testing.T, stdin []byte, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string {
		t.Errorf("%v read environment variable %q", args, k)
		return ""
	}
	code := Run(context.Background(), args, getenv, bytes.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// TestFileCommandsReadStdin: every file command takes "-" for standard
// input and answers exactly as for the file's path, whatever the format
// (an .agd is an SQLite file, which needs a real file to open).
func TestFileCommandsReadStdin(t *testing.T) {
	ref := testkit.Reference(t, "actilife")
	raw := testkit.Reference(t, "raw")
	cases := []struct {
		name string
		file string
		args []string
	}{
		{"score agd", filepath.Join(ref, "GT3XPlus-RawData-Day01.agd"), []string{"sleep", "score", "--algorithm", "sadeh"}},
		{"nights agd", filepath.Join(ref, "GT3XPlus-RawData-Day01.agd"), []string{"sleep", "nights", "--algorithm", "cole-kripke"}},
		{"nonwear agd", filepath.Join(ref, "GT3XPlus-RawData-Day01.agd"), []string{"sleep", "nonwear"}},
		{"window gt3x", filepath.Join(raw, "actigraph_testfile.gt3x"), []string{"sleep", "window"}},
		{"window cwa", filepath.Join(raw, "ax3_testfile.cwa"), []string{"sleep", "window"}},
		{"counts cwa", filepath.Join(raw, "ax3_testfile.cwa"), []string{"sleep", "counts", "--epoch", "60"}},
		{"counts gt3x", filepath.Join(raw, "actigraph_testfile.gt3x"), []string{"sleep", "counts", "--epoch", "60"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data, err := os.ReadFile(c.file)
			if err != nil {
				t.Fatal(err)
			}
			wantCode, wantOut, _ := runWithStdin(t, nil, append(append([]string{}, c.args...), c.file)...)
			code, out, errs := runWithStdin(t, data, append(append([]string{}, c.args...), "-")...)
			if code != wantCode || out != wantOut {
				t.Errorf("with -: exit %d, %d bytes; with the path: exit %d, %d bytes\nstderr: %s", code, len(out), wantCode, len(wantOut), errs)
			}
			if wantCode != ExitOK || len(out) == 0 {
				t.Errorf("the path itself gave exit %d and %d bytes", wantCode, len(wantOut))
			}
		})
	}
}
