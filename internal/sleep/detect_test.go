package sleep

import (
	"bytes"
	"testing"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/sleep/devicefile"
)

func TestDetectUnknownKind(t *testing.T) {
	for _, c := range []struct {
		name, head, want string
	}{
		{"verslag.pdf", "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", FormatUnknown},
		{"foto.jpg", "\xff\xd8\xff\xe0\x00\x10JFIF", FormatUnknown},
		{"lijst.xlsx", "PK\x03\x04\x14\x00\x06\x00", FormatUnknown},
		{"notitie.txt", "Anna sliep goed vannacht.\nGeen bijzonderheden.\n", FormatUnknown},
		{"ruw.csv", "x,y,z\n0.01,-0.98,0.05\n", FormatRawCSV},
		{"ruw.csv", "0.01,-0.98,0.05\n", FormatRawCSV},
		{"ruw.csv", "\ufefftime,x,y,z\n1,0.01,-0.98,0.05\n", FormatRawCSV},
		{"ruw", "NaN,NaN,NaN\n", FormatRawCSV},
		{"nacht.csv", "timestamp,axis1,axis2\n", FormatEpochCSV},
		{"bed.csv", "timestamp,movement,in_bed\n", FormatBedCSV},
		{"x.cwa", "MD", FormatCWA},
	} {
		if got := DetectFormat(c.name, []byte(c.head)); got != c.want {
			t.Errorf("%s %q: %s, want %s", c.name, c.head, got, c.want)
		}
	}
}

// FuzzDetectFormat: detection never panics, and never calls a file the
// raw CSV reader can read an unknown kind (a raw CSV must not be refused
// as "geen apparaatbestand").
func FuzzDetectFormat(f *testing.F) {
	for _, s := range []string{"x,y,z\n0.01,-0.98,0.05\n", "0,0,1\n", "%PDF-1.4\n", "timestamp,axis1\n", "a\n1,2,3\n", "NaN,1,2\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 512 {
			data = data[:512]
		}
		got := DetectFormat("bestand", data)
		if got != FormatUnknown || !utf8.Valid(data) {
			return
		}
		raw, err := devicefile.ReadRawCSV(bytes.NewReader(data), 30)
		if err == nil && raw.Len() > 0 {
			t.Fatalf("%q is read by the raw CSV reader (%d samples) but detected as an unknown kind", data, raw.Len())
		}
	})
}
